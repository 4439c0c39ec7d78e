/* ix_analysis.h - the analysis an index records, for index and retrieve. */
#ifndef TXF_IX_ANALYSIS_H
#define TXF_IX_ANALYSIS_H

/* include cli.h first (it has no include guard around all of it) */

/**
 * Set a (initialised with cli_analysis_init) from a description
 * p[0..n) such as txf_tokopts_describe() writes ("mode=uax29 norm=nfkc
 * ..."; keys not given keep their defaults).  Returns NULL, or a message
 * (static storage) saying what cannot be read.
 */
const char *ixa_parse(cli_analysis *a, const char *p, size_t n);

/** The canonical description of a (after cli_analysis_finish) into out. */
void ixa_describe(const cli_analysis *a, txf_buf *out);

#endif
