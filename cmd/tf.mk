## cmd/tf.mk: the tf tool, its man page and tests.

bin_PROGRAMS += tf
tf_SOURCES = cmd/tf.c
tf_LDADD = $(TOOL_LIBS) -lm

dist_man_MANS += man/tf.1

CLI_TESTS += tests/cli/tf.sh
EXTRA_DIST += tests/cli/expected/tf
