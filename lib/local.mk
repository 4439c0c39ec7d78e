## lib/local.mk: libtextfeat.

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
	lib/model.c
lib_libtextfeat_la_CFLAGS = $(AM_CFLAGS) $(UTF8PROC_CFLAGS) -fno-semantic-interposition
lib_libtextfeat_la_LIBADD = $(UTF8PROC_LIBS) $(STEMMER_LIBS)
lib_libtextfeat_la_LDFLAGS = $(AM_LDFLAGS) -version-info $(TXF_LT_VERSION) \
	-export-symbols-regex '^txf_'
