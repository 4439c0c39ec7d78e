## man/local.mk: hand-written manual pages.
# Never renamed by --program-prefix: the front command and the formats.
notrans_dist_man_MANS = man/textfeat.1 man/textfeat.7
