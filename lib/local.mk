## lib/local.mk: libtextfeat.  Every source and flag of the library is
## listed here, and only here: a tool's fragment (cmd/*.mk) never adds to
## the library.

# The library is compiled once, into lib/libtxf.la, a static convenience
# library, with -fvisibility=hidden: only what is declared TXF_API in the
# installed header is visible outside it.  The installed shared library,
# lib/libtextfeat.la, is that code and nothing else; its dynamic symbols are
# exactly the installed header's functions (tests/symbols.sh).  The tools
# and the unit tests link the convenience copy instead, since they also
# call the internal tier (lib/batch.h, lib/internal.h), which the shared
# object hides; so a tool never depends on an interface the library does
# not promise, and a serving program cannot come to depend on the tools'
# machinery.

lib_LTLIBRARIES += lib/libtextfeat.la
include_HEADERS += lib/textfeat.h
# Its parts, by topic, which textfeat.h includes (users include it alone).
textfeatincdir = $(includedir)/textfeat
textfeatinc_HEADERS = lib/textfeat/base.h lib/textfeat/analysis.h \
	lib/textfeat/vocab.h lib/textfeat/matcher.h lib/textfeat/vector.h \
	lib/textfeat/model.h
noinst_HEADERS += lib/batch.h
pkgconfigdir = $(libdir)/pkgconfig
pkgconfig_DATA = lib/textfeat.pc

noinst_LTLIBRARIES += lib/libtxf.la
lib_libtxf_la_SOURCES = \
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
	lib/ngcount.c lib/ngwalk.c lib/ngcount_impl.h \
	lib/prune.c \
	lib/vector.c lib/vecfit.c lib/vecfit.h \
	lib/label.c \
	lib/vecnames.c \
	lib/match.c lib/match.h lib/match_grams.c lib/match_seq.c \
	lib/matchout.c lib/matchout.h \
	lib/index.c lib/index.h lib/index_impl.h \
	lib/index_write.c lib/index_codec.c \
	lib/index_search.c lib/index_search.h lib/index_prepass.c \
	lib/index_bits.c \
	lib/index_topk.c lib/index_topk.h \
	lib/model.c \
	lib/names.c \
	lib/termfreq.c
lib_libtxf_la_CFLAGS = $(AM_CFLAGS) $(UTF8PROC_CFLAGS) -fvisibility=hidden \
	-fno-semantic-interposition
# -lm: idf, norms and number formatting; -lpthread: the counter's and the
# merge's worker threads.
lib_libtxf_la_LIBADD = $(UTF8PROC_LIBS) $(STEMMER_LIBS) -lm -lpthread

lib_libtextfeat_la_SOURCES =
# No sources of its own: linked as C.
nodist_EXTRA_lib_libtextfeat_la_SOURCES = lib/dummy.c
lib_libtextfeat_la_LIBADD = lib/libtxf.la
lib_libtextfeat_la_LDFLAGS = $(AM_LDFLAGS) -version-info $(TXF_LT_VERSION)
