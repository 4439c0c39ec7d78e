## lib/local.mk: libtextfeat.  Every source and flag of the library is
## listed here, and only here: a tool's fragment (cmd/*.mk) never adds to
## the library.

lib_LTLIBRARIES += lib/libtextfeat.la
include_HEADERS += lib/textfeat.h
pkgconfigdir = $(libdir)/pkgconfig
pkgconfig_DATA = lib/textfeat.pc

lib_libtextfeat_la_SOURCES = \
	lib/core.c lib/internal.h \
	lib/reader.c \
	lib/tsv.c \
	lib/utf8.c \
	lib/normalize.c \
	lib/unicode_tables.c lib/unicode_tables.h \
	lib/wordbreak.c \
	lib/stopwords.c \
	lib/stem.c \
	lib/tokenizer.c \
	lib/analysis.c \
	lib/ngram.c \
	lib/count.c \
	lib/numfmt.c \
	lib/vocab.c \
	lib/vindex.c lib/vindex.h \
	lib/spill.h \
	lib/sort.h \
	lib/tmpfile.c \
	lib/termsort.c \
	lib/run.c \
	lib/merge.c \
	lib/dfcount.c \
	lib/prune.c \
	lib/vector.c \
	lib/match.c \
	lib/index.c lib/index.h lib/index_impl.h \
	lib/index_write.c \
	lib/model.c
lib_libtextfeat_la_CFLAGS = $(AM_CFLAGS) $(UTF8PROC_CFLAGS) -fno-semantic-interposition
# -lm: idf, norms and number formatting; -lpthread: the counter's and the
# merge's worker threads.
lib_libtextfeat_la_LIBADD = $(UTF8PROC_LIBS) $(STEMMER_LIBS) -lm -lpthread
lib_libtextfeat_la_LDFLAGS = $(AM_LDFLAGS) -version-info $(TXF_LT_VERSION) \
	-export-symbols-regex '^txf_'
