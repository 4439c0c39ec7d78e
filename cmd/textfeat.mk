## cmd/textfeat.mk: the front command, `textfeat TOOL [ARG]...`.
##
## It is installed as plain `textfeat` (never transformed, so that it is
## the one name that works whatever --program-prefix was used) and knows
## the tools' installed names: configure's transform is applied to them
## here, into textfeat-tools.h.

noinst_PROGRAMS += textfeat
textfeat_SOURCES = cmd/textfeat.c cmd/common/suggest.c cmd/common/suggest.h
nodist_textfeat_SOURCES = cmd/textfeat-tools.h
textfeat_CPPFLAGS = $(AM_CPPFLAGS) -Icmd -DTXF_BINDIR='"$(bindir)"' \
	-DTXF_BUILDDIR='"$(abs_top_builddir)"'
BUILT_SOURCES += cmd/textfeat-tools.h
CLEANFILES += cmd/textfeat-tools.h

# One TOOL(name, installed name) line for each program of bin_PROGRAMS.
cmd/textfeat-tools.h: Makefile
	$(AM_V_GEN)$(MKDIR_P) cmd && \
	for p in $(bin_PROGRAMS); do \
	  t=`echo "$$p" | sed 's/$(EXEEXT)$$//'`; \
	  i=`echo "$$t" | sed '$(transform)'`; \
	  echo "TOOL(\"$$t\", \"$$i$(EXEEXT)\")"; \
	done >$@-t && mv $@-t $@

install-exec-local: textfeat$(EXEEXT)
	$(MKDIR_P) '$(DESTDIR)$(bindir)'
	$(INSTALL_PROGRAM) textfeat$(EXEEXT) '$(DESTDIR)$(bindir)/textfeat$(EXEEXT)'

uninstall-local: uninstall-local-completion
	rm -f '$(DESTDIR)$(bindir)/textfeat$(EXEEXT)'

CLI_TESTS += tests/cli/textfeat.sh

# The pure parts of the terminal layer (progress line, "did you mean"):
# their own Check runner, as they live in the tools' plumbing.
check_PROGRAMS += tests/unit/cli_term
tests_unit_cli_term_SOURCES = tests/unit/test_cli_term.c
tests_unit_cli_term_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_cli_term_LDADD = $(TOOL_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/cli_term

# bash completion: one script for textfeat and every tool, completing from
# each tool's own --help (completion/textfeat.bash.in), with the tools'
# installed names filled in; installed as bash-completion's loader wants
# it, a file named for each command (the tools' names link to textfeat).
completion/textfeat: $(srcdir)/completion/textfeat.bash.in Makefile
	$(AM_V_GEN)$(MKDIR_P) completion && \
	names=`for p in $(bin_PROGRAMS); do \
	  echo "$$p" | sed 's/$(EXEEXT)$$//;$(transform)'; done | tr '\n' ' '`; \
	sed "s/@TOOLS@/$$names/" $(srcdir)/completion/textfeat.bash.in >$@-t && \
	mv $@-t $@
noinst_DATA = completion/textfeat
CLEANFILES += completion/textfeat
EXTRA_DIST += completion/textfeat.bash.in
CLI_TESTS += tests/cli/completion.sh

if BASH_COMPLETION
install-data-local: completion/textfeat
	$(MKDIR_P) '$(DESTDIR)$(bashcompdir)'
	$(INSTALL_DATA) completion/textfeat '$(DESTDIR)$(bashcompdir)/textfeat'
	for p in $(bin_PROGRAMS); do \
	  n=`echo "$$p" | sed 's/$(EXEEXT)$$//;$(transform)'`; \
	  rm -f '$(DESTDIR)$(bashcompdir)'/$$n; \
	  $(LN_S) textfeat '$(DESTDIR)$(bashcompdir)'/$$n || exit 1; \
	done

uninstall-local-completion:
	rm -f '$(DESTDIR)$(bashcompdir)/textfeat'
	for p in $(bin_PROGRAMS); do \
	  n=`echo "$$p" | sed 's/$(EXEEXT)$$//;$(transform)'`; \
	  rm -f '$(DESTDIR)$(bashcompdir)'/$$n; \
	done
else
uninstall-local-completion:
endif
.PHONY: uninstall-local-completion
