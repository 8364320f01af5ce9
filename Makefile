# The course's commands. Every target sets up what it needs, starting from nothing but Python 3.11 and make.
#   make lab       open the course in JupyterLab
#   make check     run your notebooks as grading will and list each exercise's visible checks (NB=notebooks/01-...)
#   make test      run the whole test suite (what CI runs)
#   make execute   re-run the solution notebooks and store their outputs (instructors)
#   make release   regenerate notebooks/ from solutions/ with nbgrader (instructors)
#   make publish   write the student course to OUT (OUT=../dl-foundations-course GIT=1: one commit per publish)
#   make collect   bring students' hand-in archives into submitted/ (ARCHIVES="downloads/*.zip")
#   make images    redraw the figures in img/ that notebooks show in markdown
#   make grade     autograde new or changed work in submitted/, in parallel (GRADE_ARGS="--force 01-tensors")
#   make report    students' feedback, and reports/index.html + grades.csv for the instructor
#   make demo      the instructor workflow on a synthetic class of 30 (DEMO_ARGS="--students 12")
#   make hub       a course hub on 127.0.0.1:8000 to try the loop: JupyterHub, nbgrader's exchange, accounts (root)
#   make hub-clean remove the hub's accounts and state again
#   make bench-grade   stock nbgrader vs dlcourse grade on one synthetic class (STUDENTS=8)
#   make bench-coordinator  the grading coordinator alone, fed by simulated workers (STUDENTS=100 PROFILE=1 BEFORE=1)
#   make bench-times   each notebook's estimated study time and measured run time (WRITE=1: into the Time lines)
#   make test-the-tests  how many checks catch each wrong implementation in dlcourse/mistakes/ (NAMES="01-tensors";
#                        make test checks the same rules)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
# pytest workers; CI has 2 cores.
JOBS   ?= 2

.DEFAULT_GOAL := help
comma := ,
STUDENTS ?= 8
.PHONY: help lab check test lint execute release publish collect images grade report demo bench-grade bench-coordinator bench-times test-the-tests lock clean \
	sandbox browser hub hub-clean

help:
	@sed -n 's/^#   //p' Makefile

# The venv is rebuilt when the pins change. Stamp files record which install has been done.
$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null || { \
	    echo "The course needs Python 3.11; '$(PYTHON)' is not it. Run: make $(MAKECMDGOALS) PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Two packages from this repository: the student package (student/, `helpers`) and the instructor's (`dlcourse`).
$(VENV)/.installed: $(BIN)/python pyproject.toml student/pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ./student -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ./student -e ".[test]"
	@touch $@

# The server's root is the course folder, so notebooks can show the figures in img/; the browser opens on notebooks/.
# The venv's bin/ goes first on PATH: nbgrader's formgrader runs its `alembic` command from there.
lab: $(VENV)/.installed
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/notebooks \
	    $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

# make follows any failed recipe with its own "make: *** [Makefile:NN: check] Error 1", which reads like a crash
# after check-my-work has said in a sentence what needs work. A make ended by SIGPIPE exits without a word and with
# a non-zero status (141) that scripts can test; shells print nothing for it. (.venv/bin/check-my-work itself exits
# 1 when checks fail, 2 when a notebook could not be checked.)
fail_quietly = || { kill -PIPE $$PPID; exit 1; }

check: $(VENV)/.installed
	@$(BIN)/check-my-work $(NB) $(fail_quietly)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check student dlcourse tests solutions notebooks img bench hub

# nbval's 60 s for a kernel to start is too short on a busy 2-core CI machine (nbval#133): allow 300 s.
test: $(VENV)/.installed-test lint sandbox browser hub/node_modules/.bin/configurable-http-proxy
	$(BIN)/python -m pytest -n $(JOBS) --durations=30 \
	    --nbval --nbval-current-env --nbval-cell-timeout=120 --nbval-kernel-startup-timeout=300 \
	    --nbval-sanitize-with tests/nbval_sanitize.cfg \
	    tests solutions

# $(call apt_install,COMMAND,PACKAGE,WHAT FOR,HOW TO GET IT OTHERWISE): install a Debian package when COMMAND is
# missing and we can (root + apt), else say how and fail.
define apt_install
	@command -v $(1) >/dev/null || { \
	    if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	        echo "Installing $(2) ($(3))"; \
	        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2)) >/dev/null; \
	    else \
	        echo "Needed for $(3): $(2). Install it with: $(4)"; \
	        exit 1; \
	    fi; }
endef

# Grading runs student code in bubblewrap (Debian package `bubblewrap`).
sandbox:
	$(call apt_install,bwrap,bubblewrap,the grading sandbox,sudo apt-get install bubblewrap (or dlcourse grade --no-sandbox$(comma) for trusted work))

# The browser tests drive Debian's Chromium with Playwright (no browser download).
browser:
	$(call apt_install,chromium,chromium,the browser tests,sudo apt-get install chromium)

execute: $(VENV)/.installed
	$(BIN)/dlcourse execute

release: $(VENV)/.installed
	$(BIN)/dlcourse release

publish: $(VENV)/.installed
	@test -n "$(OUT)" || { echo "Say where the student course goes: make publish OUT=../dl-foundations-course"; exit 2; }
	$(BIN)/dlcourse publish "$(OUT)" $(if $(GIT),--git)

collect: $(VENV)/.installed
	@test -n "$(ARCHIVES)" || { echo "Say which archives: make collect ARCHIVES=\"downloads/*.zip\""; exit 2; }
	$(BIN)/dlcourse collect $(ARCHIVES)

images: $(VENV)/.installed
	$(BIN)/python img/make_images.py

grade: $(VENV)/.installed sandbox
	$(BIN)/dlcourse grade $(GRADE_ARGS)

report: $(VENV)/.installed
	$(BIN)/dlcourse report $(REPORT_ARGS)

demo: $(VENV)/.installed sandbox
	$(BIN)/dlcourse demo $(DEMO_ARGS)

# JupyterHub comes with the test extra; its proxy from npm, pinned in hub/package-lock.json.
hub/node_modules/.bin/configurable-http-proxy: hub/package.json hub/package-lock.json
	$(call apt_install,npm,npm,the course hub's proxy,sudo apt-get install npm)
	cd hub && npm ci --silent --no-audit --no-fund
	@touch $@

hub: $(VENV)/.installed-test sandbox hub/node_modules/.bin/configurable-http-proxy
	$(BIN)/dlcourse hub $(HUB_ARGS)

hub-clean: $(VENV)/.installed
	$(BIN)/dlcourse hub --remove $(HUB_ARGS)

bench-times: $(VENV)/.installed
	$(BIN)/python bench/notebook_times.py $(if $(WRITE),--write) $(NAMES)

# Exit 1 while a mistake is caught by fewer than two checks (or by no hidden one), or another rule is broken.
test-the-tests: $(VENV)/.installed
	$(BIN)/dlcourse test-the-tests $(NAMES)

bench-grade: $(VENV)/.installed sandbox
	$(BIN)/python bench/grade.py --students $(STUDENTS)

# STUDENTS only when given (the benchmark's own default is a class of 100); PROFILE=1 prints the functions' times.
bench-coordinator: $(VENV)/.installed sandbox
	$(BIN)/python bench/coordinator.py $(if $(filter command line,$(origin STUDENTS)),--students $(STUDENTS)) \
		$(if $(PROFILE),--profile coordinator.prof) $(if $(BEFORE),--before)

# Re-pin everything to what is installed in the venv now; the student course's pins are the part of them that the
# student package pulls in.
lock: $(VENV)/.installed-test
	{ sed -n '1,2p' constraints.txt; $(BIN)/python -m pip freeze --exclude-editable; } > constraints.txt.new
	mv constraints.txt.new constraints.txt
	$(BIN)/python -m dlcourse.pins constraints.txt > student/constraints.txt

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache gradebook.db .dlcourse demo-class
