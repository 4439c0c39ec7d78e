## cmd/tools.mk: made by cmd/tools.sh from cmd/tools.list; do not edit.

bin_PROGRAMS += tokenize
tokenize_SOURCES = cmd/tokenize.c
tokenize_LDADD = $(TOOL_LDADD)
dist_man_MANS += man/tokenize.1
CLI_TESTS += tests/cli/tokenize.sh
EXTRA_DIST += tests/cli/expected/tokenize

bin_PROGRAMS += ngrams
ngrams_SOURCES = cmd/ngrams.c
ngrams_LDADD = $(TOOL_LDADD)
dist_man_MANS += man/ngrams.1
CLI_TESTS += tests/cli/ngrams.sh
EXTRA_DIST += tests/cli/expected/ngrams

bin_PROGRAMS += tf
tf_SOURCES = cmd/tf.c
tf_LDADD = $(TOOL_LDADD)
dist_man_MANS += man/tf.1
CLI_TESTS += tests/cli/tf.sh
EXTRA_DIST += tests/cli/expected/tf

bin_PROGRAMS += vocab
vocab_SOURCES = cmd/vocab.c
vocab_LDADD = $(TOOL_LDADD)
dist_man_MANS += man/vocab.1
CLI_TESTS += tests/cli/vocab.sh
EXTRA_DIST += tests/cli/expected/vocab
include $(srcdir)/cmd/vocab.mk

bin_PROGRAMS += vectorize
vectorize_SOURCES = cmd/vectorize.c
vectorize_LDADD = $(TOOL_LDADD)
dist_man_MANS += man/vectorize.1
CLI_TESTS += tests/cli/vectorize.sh
EXTRA_DIST += tests/cli/expected/vectorize
include $(srcdir)/cmd/vectorize.mk

bin_PROGRAMS += match
match_SOURCES = cmd/match.c
match_LDADD = $(TOOL_LDADD)
dist_man_MANS += man/match.1
CLI_TESTS += tests/cli/match.sh
EXTRA_DIST += tests/cli/expected/match
include $(srcdir)/cmd/match.mk

bin_PROGRAMS += index
index_SOURCES = cmd/index.c
index_LDADD = $(TOOL_LDADD)
dist_man_MANS += man/index.1
CLI_TESTS += tests/cli/index.sh
EXTRA_DIST += tests/cli/expected/index
include $(srcdir)/cmd/index.mk

bin_PROGRAMS += retrieve
retrieve_SOURCES = cmd/retrieve.c
retrieve_LDADD = $(TOOL_LDADD)
dist_man_MANS += man/retrieve.1
