## cmd/tf.mk: the tf tool, its library modules, man page and tests.

# The counting table (and MurmurHash3) and the number formatter: vocab and
# vectorize use them too.
lib_libtextfeat_la_SOURCES += lib/count.c lib/numfmt.c
lib_libtextfeat_la_LIBADD += -lm

bin_PROGRAMS += tf
tf_SOURCES = cmd/tf.c
tf_LDADD = $(TOOL_LIBS) -lm

dist_man_MANS += man/tf.1

UNIT_SUITES += tests/unit/test_count.c tests/unit/test_numfmt.c
CLI_TESTS += tests/cli/tf.sh
EXTRA_DIST += tests/cli/expected/tf
