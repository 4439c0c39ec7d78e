## cmd/local.mk: the tools.  Each is one small .c over libtextfeat and the
## command-line driver they share, cmd/common/ (not a tool: no man page
## of its own; what it does for the user is in textfeat(7) and each tool's
## page).

noinst_LTLIBRARIES += cmd/libcli.la
cmd_libcli_la_SOURCES = cmd/common/cli.h \
	cmd/common/msg.c cmd/common/msg.h \
	cmd/common/opts.c cmd/common/opts.h cmd/common/values.c \
	cmd/common/analysis.c cmd/common/analysis.h \
	cmd/common/input.c cmd/common/input.h cmd/common/records.c \
	cmd/common/chunk.c cmd/common/chunk.h \
	cmd/common/output.c cmd/common/output.h \
	cmd/common/labels.c \
	cmd/common/getopt.c \
	cmd/common/suggest.c cmd/common/suggest.h \
	cmd/common/progress.c cmd/common/progress.h \
	cmd/common/header.c cmd/common/header.h cmd/common/anopts.c
cmd_libcli_la_LIBADD = -lpthread -lm

TOOL_LIBS = cmd/libcli.la lib/libtxf.la
TOOL_LDADD = $(TOOL_LIBS) -lm

# The tools themselves: a tool is one line of cmd/tools.list, from which
# cmd/tools.sh makes cmd/tools.mk (program, source, man page, tests, and
# cmd/NAME.mk where a tool has more).  Automake needs the rules written out;
# make writes them again when the list changes, before automake runs.
include cmd/tools.mk
$(srcdir)/cmd/tools.mk: $(srcdir)/cmd/tools.list $(srcdir)/cmd/tools.sh
	$(AM_V_GEN)$(SHELL) $(srcdir)/cmd/tools.sh $(srcdir) >$@-t && mv $@-t $@
EXTRA_DIST += cmd/tools.list cmd/tools.sh

include cmd/textfeat.mk
