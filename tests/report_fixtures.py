"""Synthetic analyses for the report tests: any size, with stance camps, replies, quotes and XSS payloads."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd

from discourse.config import Config
from discourse.features import TextFeatures
from discourse.projection import MapProjection
from discourse.stages import Corpus
from discourse.stance.authors import author_table
from discourse.pipeline import Analysis
from discourse.schema import COMMENT_COLUMNS, DOCUMENT_COLUMNS, LINE_COLUMNS, TOPIC_COLUMNS, conform

PAYLOADS = ('<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<a href="javascript:alert(1)">x</a>',
            '<span style="color:red">x</span>')
XSS = " ".join(PAYLOADS)

TOPICS = {  # id -> (kind, label, words)
    "un_law": ("seeded", "UN and international law", "charter treaty council united nations law order court"),
    "sanctions": ("seeded", "Sanctions " + PAYLOADS[1], "sanctions tariffs trade dollars oil embargo economy"),
    "taiwan": ("seeded", "Taiwan", "taiwan taipei reunification island strait independence"),
    "t0": ("discovered", "alaska talks " + PAYLOADS[3], "anchorage alaska blinken yang talks diplomats meeting"),
    "other": ("other", "other", "really think people just know"),
}
STANCE_WORDS = {"favor": "democracy rights freedom genocide", "against": "hegemony hypocrisy empire bully",
                "none": "maybe unclear whatever"}
FILLER = ("the", "and", "of", "a", "to", "is", "that", "it", "in", "they", "we", "this")
PARAGRAPHS = ["The talks in Anchorage opened with sharp words about trade and sanctions.",
              "Officials on both sides described the United Nations charter and international law.",
              "Taiwan and the strait were raised by the American delegation.",
              "Diplomats met for three sessions in Alaska, the meeting ended without a statement."]


def make_analysis(sizes: list[int], seed: int = 0, xss: bool = True, texts_per_line: int = 1,
                  fit_features: bool = True, stage_columns: bool = True, camps: bool = False) -> Analysis:
    """An Analysis with ``len(sizes)`` documents holding ``sizes[i]`` comments each.

    ``stage_columns`` adds what the stance and topic stages give beyond the comment schema
    (``stance_confidence``, ``analysis.authors``, ``topics.examples``); ``camps`` names the sides
    camp_a/camp_b (no stance target) instead of favor/against.
    """
    rng = np.random.default_rng(seed)
    topic_ids = list(TOPICS)
    lines, comments, docs = [], [], []
    for d, n in enumerate(sizes):
        doc = f"{d:03d}_synthetic.txt"
        title = f"Synthetic thread {d} " + (XSS if xss and d == 0 else "")
        page = [("title", title), ("meta", "By A. Writer, March 2021"), *[("body", p) for p in PARAGRAPHS],
                ("boilerplate", "Subscribe to our newsletter"), ("boilerplate", "Share on social media")]
        if xss and d == 0:
            page.append(("body", "Article paragraph with payloads " + XSS))
        doc_lines = [{"doc": doc, "line": i, "role": r, "text": t} for i, (r, t) in enumerate(page)]
        topic = rng.choice(len(topic_ids), size=n, p=[0.25, 0.2, 0.15, 0.25, 0.15])
        stance = rng.choice(["favor", "against", "none"], size=n, p=[0.35, 0.35, 0.3])
        length = rng.integers(6, 16, size=n)
        line_no = len(doc_lines)
        for i in range(n):
            t, s = topic_ids[topic[i]], str(stance[i])
            words = TOPICS[t][2].split() + STANCE_WORDS[s].split()
            rare = [f"w{k}" for k in rng.zipf(1.3, size=3) if k < 20000]  # a long tail of rare terms
            side_word = rng.choice(STANCE_WORDS[s].split())  # every comment shows its side once
            text = " ".join([*rng.choice(words + list(FILLER), size=int(length[i])), side_word, *rare])
            quote = ""
            if i % 17 == 3:
                quote = PARAGRAPHS[i % len(PARAGRAPHS)][:40]
                text = f'"{quote}" {text}'
            if xss and d == 0 and i < len(PAYLOADS) * 2:
                text = f"{PAYLOADS[i % len(PAYLOADS)]} {text}"
            reply_to = f"c{int(rng.integers(max(0, i - 8), i))}" if i and i % 3 == 1 else ""
            doc_lines.append({"doc": doc, "line": line_no, "role": "comment", "text": text})
            comments.append({
                "doc": doc, "id": f"c{i}", "position": i, "start_line": line_no, "end_line": line_no,
                "author": (PAYLOADS[i % len(PAYLOADS)] if xss and d == 0 and i < 4 else f"user{i % 50}"),
                "timestamp": f"2021-03-19 {10 + i // 60:02d}:{i % 60:02d}", "text": text, "reply_to": reply_to, "reply_cue": "parent" if reply_to else "",
                "reply_evidence": "", "quotes_article": bool(quote), "article_quote": quote,
                "duplicate_of": "", "duplicate_similarity": 0.0,
                "topic": t, "topic_label": TOPICS[t][1], "topic_terms": TOPICS[t][2].replace(" ", "; "),
                "topic_score": round(float(rng.random()), 4),
                "topic_evidence": (PAYLOADS[0] if xss and d == 0 and i == 1 else t),
                "stance": s, "stance_score": {"favor": 0.5, "against": -0.5, "none": 0.0}[s],
                "stance_evidence": (PAYLOADS[2] if xss and d == 0 and i == 2 else f"cue: {s}"),
                "polarity": round(float(np.clip(rng.normal(0.2 if s == "favor" else -0.2, 0.3), -1, 1)), 4),
                "subjectivity": round(float(rng.random()), 4),
                "stance_confidence": round(float(rng.uniform(0.2, 1.0)), 2) if s != "none" else 0.0})
            line_no += 1
        lines += doc_lines
        docs.append({"doc": doc, "source": f"synthetic/{doc}", "format": "text", "title": title,
                     "lines": len(doc_lines), "article_lines": len(PARAGRAPHS), "article_words": 60,
                     "boilerplate_lines": 2, "comments": n, "comment_start_line": len(page) if n else -1,
                     "replies": 0, "duplicates": 0, "mean_polarity": 0.0, "mean_subjectivity": 0.0})
    comments = with_stage_columns(pd.DataFrame(comments), stage_columns)
    if camps:
        comments["stance"] = comments["stance"].replace({"favor": "camp_a", "against": "camp_b"})
    topics = conform(pd.DataFrame([{"topic": t, "kind": k, "label": l, "terms": w.replace(" ", "; "),
                                    "size": int((comments["topic"] == t).sum())}
                                   for t, (k, l, w) in TOPICS.items()]), TOPIC_COLUMNS)
    features = matrix = None
    if fit_features and len(comments):
        features = TextFeatures(ngram_max=1)
        corpus = MapProjection().transform(features.fit_transform(Corpus(comments)))
        comments = with_stage_columns(corpus.comments, stage_columns)
        matrix = corpus.arrays["representation"]
    config = Config()
    if not camps:
        config.stance.target = "the talks " + (PAYLOADS[0] if xss else "")
    analysis = Analysis(config=config, documents=conform(pd.DataFrame(docs), DOCUMENT_COLUMNS), comments=comments,
                        topics=topics, lines=conform(pd.DataFrame(lines), LINE_COLUMNS), segments=[],
                        features=features, matrix=matrix)
    if stage_columns:
        analysis.topics = topics.assign(examples=topic_examples(comments, topics))
        analysis.authors = author_table(comments)
    return analysis


STAGE_COMMENT_COLUMNS = ("stance_confidence",)  # added by the stance stage (now in the comment schema too)


def with_stage_columns(comments: pd.DataFrame, keep: bool = True) -> pd.DataFrame:
    """The comment schema plus the stage columns the other helpers add (when ``keep``; without, a table as
    written before the stance stage recorded them)."""
    out = conform(comments, COMMENT_COLUMNS)
    for col in STAGE_COMMENT_COLUMNS:
        if keep and col in comments.columns:
            out[col] = comments[col].to_numpy()
        elif not keep and col in out.columns:
            out = out.drop(columns=col)
    return out


def topic_examples(comments: pd.DataFrame, topics: pd.DataFrame) -> list[str]:
    """``topics.examples``: JSON of the 3 comments with the highest topic score per topic."""
    out = []
    for topic in topics["topic"]:
        mine = comments[comments["topic"] == topic].sort_values("topic_score", ascending=False, kind="stable")
        out.append(json.dumps([{"doc": d, "id": i, "excerpt": t[:120]}
                               for d, i, t in zip(mine["doc"], mine["id"], mine["text"])][:3]))
    return out


class VocabularyFeatures:
    """A fitted-features stand-in over a fixed vocabulary (texts are space-separated vocabulary words)."""

    def __init__(self, vocab: list[str], term_matrix) -> None:
        self.feature_names_ = np.asarray(vocab, dtype=object)
        self.term_matrix_ = term_matrix
        self._index = {w: i for i, w in enumerate(vocab)}

    def transform_terms(self, texts: list[str]):
        import scipy.sparse as sp
        from sklearn.preprocessing import normalize

        rows, cols = [], []
        for r, text in enumerate(texts):
            for word in text.lower().replace(",", " ").replace(".", " ").split():
                if word in self._index:
                    rows.append(r)
                    cols.append(self._index[word])
        m = sp.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=(len(texts), len(self._index)))
        return normalize(m)

    transform = transform_terms


def make_large_analysis(sizes: list[int], seed: int = 0, words_per_comment: int = 14) -> Analysis:
    """A big Analysis built with numpy only (no tokenizing), for size and speed bounds."""
    import scipy.sparse as sp
    from sklearn.preprocessing import normalize

    rng = np.random.default_rng(seed)
    topic_ids = list(TOPICS)
    vocab = sorted({w for t in TOPICS.values() for w in t[2].split()} | {w for s in STANCE_WORDS.values()
                                                                            for w in s.split()})
    vocab += [f"w{k}" for k in range(5000)]
    index = {w: i for i, w in enumerate(vocab)}
    n = sum(sizes)
    doc_of = np.repeat(np.arange(len(sizes)), sizes)
    position = np.concatenate([np.arange(s) for s in sizes])
    topic = rng.choice(len(topic_ids), size=n)
    stance = rng.choice(np.array(["favor", "against", "none"], dtype=object), size=n)
    topical = [np.array([index[w] for w in TOPICS[t][2].split()]) for t in topic_ids]
    ids = np.empty((n, words_per_comment), dtype=np.int64)
    half = words_per_comment // 2
    for k, words in enumerate(topical):
        sel = topic == k
        ids[sel, :half] = rng.choice(words, size=(int(sel.sum()), half))
    ids[:, half:] = len(vocab) - 5000 + np.minimum(rng.zipf(1.4, size=(n, words_per_comment - half)) - 1, 4999)
    vocab_arr = np.asarray(vocab, dtype=object)
    texts = [" ".join(row) for row in vocab_arr[ids]]
    term_matrix = normalize(sp.csr_matrix((np.ones(ids.size, np.float32), (np.repeat(np.arange(n), ids.shape[1]),
                                                                             ids.ravel())), shape=(n, len(vocab))))
    docs = [f"{d:03d}_large.txt" for d in range(len(sizes))]
    header = len(PARAGRAPHS) + 2
    reply = np.where((position % 3 == 1), position - 1 - rng.integers(0, 5, size=n) % np.maximum(position, 1), -1)
    comments = pd.DataFrame({
        "doc": np.asarray(docs, dtype=object)[doc_of], "id": [f"c{p}" for p in position], "position": position,
        "start_line": header + position, "end_line": header + position, "author": [f"user{p % 97}" for p in position],
        "timestamp": "", "text": texts, "reply_to": [f"c{r}" if r >= 0 else "" for r in reply],
        "reply_cue": "", "reply_evidence": "", "quotes_article": position % 50 == 7,
        "article_quote": np.where(position % 50 == 7, PARAGRAPHS[0][:30], ""),
        "duplicate_of": "", "duplicate_similarity": 0.0,
        "topic": np.asarray(topic_ids, dtype=object)[topic],
        "topic_label": [TOPICS[topic_ids[t]][1] for t in topic], "topic_terms": "", "topic_score": 0.5,
        "topic_evidence": "", "stance": stance, "stance_score": 0.0, "stance_evidence": "",
        "polarity": np.round(rng.normal(0, 0.3, size=n).clip(-1, 1), 4), "subjectivity": 0.5,
        "map_x": np.round(rng.normal(0, 1, size=n) + topic, 4), "map_y": np.round(rng.normal(0, 1, size=n), 4),
        "stance_confidence": np.round(rng.random(size=n), 2)})
    head = [("title", "Large thread"), ("meta", "meta"), *[("body", p) for p in PARAGRAPHS]]
    lines = pd.concat([pd.DataFrame({"doc": doc, "line": np.arange(header + size),
                                     "role": [r for r, _ in head] + ["comment"] * size,
                                     "text": [t for _, t in head] + texts[start:start + size]})
                       for doc, size, start in zip(docs, sizes, np.cumsum([0, *sizes[:-1]]))], ignore_index=True)
    documents = conform(pd.DataFrame({"doc": docs, "source": docs, "format": "text",
                                      "title": [f"Large thread {d}" for d in range(len(sizes))],
                                      "lines": [header + s for s in sizes], "article_words": 60,
                                      "boilerplate_lines": 0, "comments": sizes}), DOCUMENT_COLUMNS)
    topics = conform(pd.DataFrame([{"topic": t, "kind": k, "label": l} for t, (k, l, _) in TOPICS.items()]),
                     TOPIC_COLUMNS)
    features = VocabularyFeatures(vocab, term_matrix)
    return Analysis(config=Config(), documents=documents, comments=with_stage_columns(comments),
                    topics=topics, lines=conform(lines, LINE_COLUMNS), segments=[], features=features,
                    matrix=term_matrix)
