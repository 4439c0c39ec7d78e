## cmd/local.mk: the tools.  Each is one small .c over libtextfeat and the
## shared command-line helpers in cmd/cli.c.

noinst_LTLIBRARIES += cmd/libcli.la
cmd_libcli_la_SOURCES = cmd/cli.c cmd/cli.h cmd/lines.c
cmd_libcli_la_LIBADD = -lpthread

TOOL_LIBS = cmd/libcli.la lib/libtextfeat.la

bin_PROGRAMS += tokenize
tokenize_SOURCES = cmd/tokenize.c
tokenize_LDADD = $(TOOL_LIBS)

include cmd/ngrams.mk
include cmd/tf.mk
include cmd/vocab.mk
include cmd/vectorize.mk
include cmd/match.mk
