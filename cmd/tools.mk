## cmd/tools.mk: made by cmd/tools.sh from cmd/tools.list; do not edit.

bin_PROGRAMS += tokenize ngrams tf vocab vectorize match index retrieve
dist_man_MANS += man/tokenize.1 man/ngrams.1 man/tf.1 man/vocab.1 man/vectorize.1 man/match.1 man/index.1 man/retrieve.1
CLI_TESTS += tests/cli/tokenize.sh tests/cli/ngrams.sh tests/cli/tf.sh tests/cli/vocab.sh tests/cli/vectorize.sh tests/cli/match.sh tests/cli/index.sh
EXTRA_DIST += tests/cli/expected/tokenize tests/cli/expected/ngrams tests/cli/expected/tf tests/cli/expected/vocab tests/cli/expected/vectorize tests/cli/expected/match tests/cli/expected/index

tokenize_SOURCES = cmd/tokenize.c
ngrams_SOURCES = cmd/ngrams.c
tf_SOURCES = cmd/tf.c
vocab_SOURCES = cmd/vocab.c
vectorize_SOURCES = cmd/vectorize.c
match_SOURCES = cmd/match.c
index_SOURCES = cmd/index.c
retrieve_SOURCES = cmd/retrieve.c

tokenize_LDADD = $(TOOL_LDADD)
ngrams_LDADD = $(TOOL_LDADD)
tf_LDADD = $(TOOL_LDADD)
vocab_LDADD = $(TOOL_LDADD)
vectorize_LDADD = $(TOOL_LDADD)
match_LDADD = $(TOOL_LDADD)
index_LDADD = $(TOOL_LDADD)
retrieve_LDADD = $(TOOL_LDADD)

include $(srcdir)/cmd/vocab.mk
include $(srcdir)/cmd/vectorize.mk
include $(srcdir)/cmd/match.mk
include $(srcdir)/cmd/index.mk
