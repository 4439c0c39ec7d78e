## man/local.mk: hand-written manual pages.
dist_man_MANS += man/tokenize.1 man/textfeat.7
