// xapian_retrieve.cc - the Xapian side of bench/retrieve: an indexer and
// a searcher over the tokens stream (id TAB tok tok ...), so that Xapian
// indexes exactly the terms index(1) does and its time is the index's
// alone (tokenizing is not counted for it).
//
//   xapian_retrieve index DB COMPACT  <tokens   one document a line, each
//        token a term (its wdf the count), no positions, no per-document
//        term list, the id as the document's data; then compacted into
//        COMPACT (one file), as xapian-compact does
//   xapian_retrieve search DB K  <tokens       an OR query of each
//        line's terms, BM25Weight(1.2, 0, 1, 0.75, 0), the top K written
//        as qid TAB id TAB rank TAB weight
#include <xapian.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

static void
split(const std::string &line, std::string &id, std::vector<std::string> &tok)
{
	tok.clear();
	size_t tab = line.find('\t');
	id = line.substr(0, tab);
	if (tab == std::string::npos)
		return;
	size_t end = line.find('\t', tab + 1);
	std::string text = line.substr(tab + 1, end == std::string::npos ?
	    std::string::npos : end - tab - 1);
	size_t i = 0;
	while (i < text.size()) {
		size_t j = text.find(' ', i);
		if (j == std::string::npos)
			j = text.size();
		if (j > i)
			tok.push_back(text.substr(i, j - i));
		i = j + 1;
	}
}

int
main(int argc, char **argv)
{
	std::ios::sync_with_stdio(false);
	if (argc == 4 && std::strcmp(argv[1], "index") == 0) {
		setenv("XAPIAN_FLUSH_THRESHOLD", "2000000", 1);
		Xapian::WritableDatabase db(argv[2],
		    Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS |
		    Xapian::DB_NO_TERMLIST);
		std::string line, id;
		std::vector<std::string> tok;
		while (std::getline(std::cin, line)) {
			if (line.compare(0, 19, "#textfeat-analysis=") == 0)
				continue;
			split(line, id, tok);
			Xapian::Document doc;
			for (const auto &t : tok)
				if (t.size() < 240)
					doc.add_term(t);
			doc.set_data(id);
			db.add_document(doc);
		}
		db.commit();
		db.compact(argv[3], Xapian::DBCOMPACT_SINGLE_FILE);
		return 0;
	}
	if (argc == 4 && std::strcmp(argv[1], "search") == 0) {
		Xapian::Database db(argv[2]);
		Xapian::Enquire enq(db);
		enq.set_weighting_scheme(Xapian::BM25Weight(1.2, 0, 1, 0.75, 0));
		Xapian::doccount k = (Xapian::doccount)std::atol(argv[3]);
		std::string line, id;
		std::vector<std::string> tok;
		char num[64];
		while (std::getline(std::cin, line)) {
			if (line.compare(0, 19, "#textfeat-analysis=") == 0)
				continue;
			split(line, id, tok);
			std::vector<std::string> terms;
			for (const auto &t : tok)
				if (t.size() < 240)
					terms.push_back(t);
			Xapian::Query q(Xapian::Query::OP_OR, terms.begin(),
			    terms.end());
			enq.set_query(q);
			Xapian::MSet ms = enq.get_mset(0, k);
			Xapian::doccount r = 1;
			for (auto it = ms.begin(); it != ms.end(); ++it, ++r) {
				std::snprintf(num, sizeof num, "\t%u\t%.9g\n", r,
				    it.get_weight());
				std::cout << id << '\t' << it.get_document().get_data()
				    << num;
			}
		}
		return 0;
	}
	std::cerr << "usage: xapian_retrieve index DB COMPACT | search DB K\n";
	return 2;
}
