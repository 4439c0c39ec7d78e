/*
 * textfeat.h - the public interface of libtextfeat.
 *
 * libtextfeat turns UTF-8 text into the tokens and features the textfeat
 * tools write.  A serving program that links this library sees exactly the
 * tokens the training features were built from.
 *
 * Conventions:
 *  - every exported name starts with txf_ or TXF_;
 *  - text is passed as (pointer, length) and is never assumed to be
 *    NUL-terminated;
 *  - what the library allocates is released with the matching *_free().
 *
 * The declarations are in parts, by topic, under textfeat/ (installed
 * there too): base.h (errors, buffers, the line reader, TSV, UTF-8,
 * hashing, numbers), analysis.h (normalization to analyzers), vocab.h,
 * matcher.h (query-listing features), vector.h (vectors, term
 * frequencies), model.h (serving models, label maps).  Include this
 * header alone.
 *
 * Errors have one shape (textfeat/base.h, "Errors"):
 *  - a function returning int returns a value >= 0 on success and a
 *    negative TXF_E* code on failure; txf_errmsg() names the code;
 *  - a function returning a pointer returns NULL on failure: when it can
 *    fail only for want of memory it takes nothing more (NULL means
 *    TXF_ENOMEM), otherwise its last argument is a `txf_error *` (NULL
 *    allowed) that receives the code and, where input is parsed (stop
 *    lists, analysis descriptions, vocabs, models), the line and what was
 *    wrong with it;
 *  - functions that read input row by row (txf_vocab_next()) return the
 *    code and fill a `txf_error *` too;
 *  - a lookup that finds nothing is not an error (txf_vocab_index() -1).
 */
#ifndef TEXTFEAT_H
#define TEXTFEAT_H

/* The interface, by topic (each part includes what it needs). */
#include "textfeat/base.h"
#include "textfeat/analysis.h"
#include "textfeat/vocab.h"
#include "textfeat/matcher.h"
#include "textfeat/vector.h"
#include "textfeat/model.h"

#endif /* TEXTFEAT_H */
