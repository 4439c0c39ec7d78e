/*
 * cli.h - what every textfeat tool shares, by concern: messages and
 * allocation (msg.h), options from one table (opts.h), the analysis
 * options (analysis.h), the input engine (input.h) and the output
 * (output.h).  Not installed; the library proper is textfeat.h.
 */
#ifndef TXF_CLI_H
#define TXF_CLI_H

#include "textfeat.h"

#include "msg.h"
#include "opts.h"
#include "analysis.h"
#include "output.h"
#include "input.h"
#include "progress.h"

#endif /* TXF_CLI_H */
