## data/local.mk: stop-word lists (installed), Unicode table generator and
## sample data (shipped).
stopwordsdir = $(pkgdatadir)/stopwords
dist_stopwords_DATA = data/stopwords/english
dist_noinst_SCRIPTS += data/gen-unicode-tables data/xgbrank.py
dist_noinst_DATA += data/listings.tsv data/queries.tsv data/labels.tsv \
	data/categories.tsv
