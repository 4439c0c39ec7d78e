/* suites.h - one Check suite per libtextfeat module, listed in suites.def. */
#ifndef TXF_SUITES_H
#define TXF_SUITES_H

#include <check.h>

#define SUITE(name) Suite *suite_##name(void);
#include "suites.def"
#undef SUITE

#endif
