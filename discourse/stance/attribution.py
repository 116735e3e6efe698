"""Attribution: which side a comment's own words favour (target-directed evaluation and cue lexicons).

:class:`EntityEvaluator` attributes general evaluative words (insults, wrongdoing, praise; ``lexicon``)
to the side they are about: the nearest mention in the same clause, the doer preferred (the subject,
or the agent of a passive "bullied by X"); negation, "but", comparisons, scare quotes and naming frames
("so-called", "what they call"), relative clauses, conjoined sides ("both X and Y are ..."), degree
words and rhetorical questions handled. Evaluation next to a third party ("the UN", any capitalised
name that is no side) or of a shared text ("a great article") counts for no side; long quotations and
``>``/``Re:`` lines are ignored. Criticising the opponent side counts as favouring the target.

:class:`TargetAttribution` adds the configured cue lexicons and even-handedness and gives each comment
its own score (> 0 favours the target), the words behind it, and its evaluation naming no side.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

import numpy as np

from ..text import normalize, sentences, without_quotations, word_regex
from . import lexicon as L
from .patterns import (CUE_SCALE, ENTITY_SCALE, EVEN_HANDED_RE, FRAME_REACH,
                       FRAMED_CUE_RE, NAMING_FRAME_RE, PhraseRegex, own_text, phrase_regex)


def target_terms(target: str, entities: Iterable[str]) -> list[str]:
    """Head words of a target phrase that name what is debated: the nouns after a possessive and before
    the first preposition, and the verb of "decision to X" ("the council's budget plan" -> budget;
    "the decision to sack the manager" -> decision, sack), with their inflections. Words of the
    configured entities, short words and generic ones ("policy", "plan") are left out."""
    taken = {w.lower() for e in entities for w in re.findall(r"\w+", e)}
    toks = re.findall(r"[\w-]+(?:'s|')?", normalize(target).lower())
    cut = max((k + 1 for k, t in enumerate(toks) if t.endswith("'s") or t.endswith("'")), default=0)
    heads, verb = [], False
    for t in toks[cut:]:
        if verb:
            heads.append(t)
            break
        if t in L.TARGET_BREAK:
            break
        if t == "to":
            verb = True
            continue
        heads.append(t)
    out = []
    for w in heads:
        if len(w) < 4 or w in L.TARGET_STOP or w in taken or not w.isalpha():
            continue
        stem = w[:-1] if w.endswith("e") else w
        out.extend([w, w + "s", stem + "ing", stem + "ed"])
    return list(dict.fromkeys(out))



@dataclass
class OwnEvidence:
    """What each comment's own words say (arrays aligned with the texts scored)."""

    score: np.ndarray  # > 0 favours the target side, < 0 the opposing side
    loose: np.ndarray  # evaluation in a comment that names no side at all (for the thread prior)
    neutral: np.ndarray  # even-handed: puts both sides in the same boat, takes neither
    evidence: list[list[str]]  # the words behind each score


class TargetAttribution:
    """Own score of each comment toward a target: side-directed evaluation plus cue lexicons.

    ``target_entities`` / ``opponent_entities`` name the sides (with no entities, the capitalised words of
    ``target`` do); the target phrase's head words ("strike", "mandate") name the target side too.
    ``fit`` compiles the patterns (nothing is learned from the corpus); ``score(texts)`` is per comment.
    """

    def __init__(self, *, target: str = "", target_entities: Sequence[str] | None = None,
                 opponent_entities: Sequence[str] | None = None, favor_cues: Sequence[str] | None = None,
                 against_cues: Sequence[str] | None = None, sentiment_weight: float = 1.0,
                 cue_weight: float = 1.0) -> None:
        self.target = target
        self.target_entities = target_entities
        self.opponent_entities = opponent_entities
        self.favor_cues = favor_cues
        self.against_cues = against_cues
        self.sentiment_weight = sentiment_weight
        self.cue_weight = cue_weight

    @property
    def active(self) -> bool:
        """Whether a target is configured at all (else the stage splits threads into camps)."""
        return bool((self.target or "").strip() or self.target_entities or self.opponent_entities)

    def fit(self, corpus=None) -> "TargetAttribution":
        target = list(self.target_entities or [])
        if not target and self.target:  # a bare target phrase: its capitalised words are the entities
            target = [w for w in re.findall(r"[A-Z][\w.'-]*", self.target) if len(w) > 1]
        opponent = list(self.opponent_entities or [])
        self.target_terms_ = target_terms(self.target or "", target + opponent)
        self.evaluator_ = EntityEvaluator(((+1.0, phrase_regex(target, case_aware=True)),
                                           (-1.0, phrase_regex(opponent, case_aware=True)),
                                           (+1.0, phrase_regex(self.target_terms_))))
        self.favor_re_ = phrase_regex(self.favor_cues or [], lowered=True)
        self.against_re_ = phrase_regex(self.against_cues or [], lowered=True)
        return self

    def score(self, texts: Sequence[str]) -> OwnEvidence:
        """Own evidence of normalized texts (quoted lines and long quotations ignored)."""
        if not hasattr(self, "evaluator_"):
            self.fit()
        n = len(texts)
        own, loose, neutral = np.zeros(n), np.zeros(n), np.zeros(n, dtype=bool)
        evidence: list[list[str]] = [[] for _ in range(n)]
        for i, raw in enumerate(texts):
            text = own_text(raw)
            side, unattributed, _, top, named = comment_evaluation(text, self.evaluator_)
            cue_text = without_quotations(text).lower()  # a cue in quotes is mentioned, not used
            fav, fav_count = _cue_matches(self.favor_re_, cue_text)
            ag, ag_count = _cue_matches(self.against_re_, cue_text)
            cue = np.tanh(CUE_SCALE * (fav_count - ag_count)) if fav_count != ag_count else 0.0
            own[i] = self.sentiment_weight * (np.tanh(ENTITY_SCALE * side) if side else 0.0) + self.cue_weight * cue
            even = EVEN_HANDED_RE.search(cue_text)
            if even:  # "both sides are posturing": the same boat for both, no side taken
                own[i] *= L.EVEN_HANDED_FACTOR
                neutral[i] = True
                evidence[i].append(f"even-handed ('{even.group(0)}')")
            elif not named and not fav and not ag:
                loose[i] = unattributed
            if abs(side) > 1e-9:
                evidence[i].extend(top)
            if fav:
                evidence[i].append("favor cues: " + ", ".join(dict.fromkeys(fav)))
            if ag:
                evidence[i].append("against cues: " + ", ".join(dict.fromkeys(ag)))
        return OwnEvidence(own, loose, neutral, evidence)


def _cue_matches(rx: PhraseRegex | None, text: str) -> tuple[list[str], float]:
    """The cue words found in lower-cased ``text`` and their count, where a cue after a naming frame ("so-called
    democracy", "what they call hegemony") is someone else's label and counts ``SCARE_QUOTE_FACTOR``."""
    if rx is None:
        return [], 0.0
    found, count = [], 0.0
    for m in rx.finditer(text):
        framed = FRAMED_CUE_RE.search(text, max(0, m.start() - FRAME_REACH), m.start())
        found.append(("so-called " if framed else "") + m.group(0))
        count += L.SCARE_QUOTE_FACTOR if framed else 1.0
    return found, count



class EntityEvaluator:
    """Evaluation of each side by one sentence: general evaluative words attributed to an entity.

    ``sides`` is ((+1, target regex), (-1, opponent regex)). ``items(sentence)`` returns
    ``(target, polarity, word, name)`` tuples where target is +1/-1 (a side), "you" (the interlocutor)
    or None (no entity in the sentence). Attribution: nearest mention in the same clause (the doer
    preferred: the preceding subject, or the agent after a passive "-ed by"; commas cost), shared by
    the sides conjoined with it, with negation, contrast ("but"), comparison ("than", "compared to",
    "unlike"), scare quotes / naming frames and question handling. A capitalised name that is no side
    ("the UN") is a mention too, and what is nearest to it is dropped. Results are cached per distinct
    sentence, so reposts and quoted lines cost nothing the second time.
    """

    def __init__(self, sides) -> None:
        self.sides = [(sign, rx) for sign, rx in sides if rx is not None]
        self.cache: dict[str, tuple] = {}
        self.named: dict[str, tuple | None] = {}

    def items(self, sent: str) -> tuple:
        hit = self.cache.get(sent)
        if hit is None:
            hit = self.cache[sent] = tuple(self._items(sent))
        return hit

    def first_side(self, sent: str) -> tuple | None:
        """(sign, words) of the first side (in ``sides`` order) that ``sent`` names, or None; cached per sentence."""
        if sent in self.named:
            return self.named[sent]
        hit = None
        for sign, rx in self.sides:
            m = rx.search(sent)
            if m:
                hit = (sign, m.group(0))
                break
        self.named[sent] = hit
        return hit

    def _items(self, sent: str):
        text, scare = _strip_quotes(sent)
        raw = [(m.start(), m.group(0)) for m in TOKEN_RE.finditer(text)]
        if not raw:
            return []
        low = [w.lower().replace("'", "") for _, w in raw]
        n = len(raw)
        joined = " ".join(low)
        # evaluative words and phrases first: most sentences have none and stop here
        found: list[tuple[int, float, str]] = []
        covered = [False] * n
        for m in PHRASE_RE.finditer(joined):
            i = joined.count(" ", 0, m.start())
            found.append((i, PHRASE_POLARITY[m.group(0)], m.group(0)))
            for j in range(i, min(n, i + m.group(0).count(" ") + 1)):
                covered[j] = True
        opener = OPENER_RE.match(joined)  # "Typical City Hall.", "So much for the consultation"
        if opener:
            found.append((0, L.SENTENCE_OPENERS[opener.group(0)], opener.group(0)))
            for j in range(opener.group(0).count(" ") + 1):
                covered[j] = True
        for i, w in enumerate(low):
            if not covered[i]:
                pol = L.LAUGHTER_POLARITY if w in L.LAUGHTER else lex_lookup(w)
                if pol:
                    found.append((i, pol, w))
        found = _drop_intensifiers(found)
        found = [f for f in found if not _modifies_media_noun(low, f[0] + f[2].count(" "))]
        if not found:
            return []
        starts = [t[0] for t in raw]
        mentions: list[tuple[int, object, str]] = []
        taken = [False] * n
        for sign, rx in self.sides:
            for m in rx.finditer(text):
                a, b = _tok_index(starts, m.start()), _tok_index(starts, m.end() - 1)
                if any(taken[a:b + 1]):
                    continue
                for j in range(a, b + 1):
                    taken[j] = True
                mentions.append((a, sign, m.group(0)))
        found = [f for f in found if not taken[f[0]]]  # "Communist Party" names a side, it is no evaluation
        if not found:
            return []
        for i, w in enumerate(low):
            if w in L.SECOND_PERSON and not taken[i]:
                mentions.append((i, "you", w))
        evaluated = {f[0] for f in found}
        mentions.extend((i, "other", raw[i][1]) for i in _other_names([w for _, w in raw], taken, evaluated))
        head = {j: (t, name) for j, t, name in mentions}
        for i, w in enumerate(low):  # "China, which ...": the relative clause is about its head
            if w in L.RELATIVE_PRONOUNS:
                j = i - 1 - (i > 0 and low[i - 1] == ",")
                while j > 0 and taken[j] and j not in head:  # back over the entity's tokens to its start
                    j -= 1
                if j in head and taken[j]:
                    mentions.append((i, *head[j]))
        # clauses, commas, contrast, negation, comparison, scare quotes: one pass each
        clause = [0] * n
        commas = [0] * n
        c = k = 0
        last_contrast = -1
        relative: set[int] = set()
        for i, w in enumerate(low):
            if (w in CLAUSE_BREAKS and not taken[i]) or ((w in L.CONTRAST_WORDS or w in L.RELATIVE_PRONOUNS) and i > 0):
                c += 1
                if w in L.RELATIVE_PRONOUNS:
                    relative.add(c)
                if w in L.CONTRAST_WORDS:
                    last_contrast = i
            elif w == ",":
                k += 1
            clause[i], commas[i] = c, k
        negated = [False] * n
        for i, w in enumerate(low):
            if w in L.NEGATORS or w.endswith("nt") and w[:-2] + "n't" in L.NT_FORMS:
                for j in range(i + 1, min(n, i + 1 + L.NEGATION_SCOPE)):
                    if low[j] in CLAUSE_BREAKS or low[j] in L.CONTRAST_WORDS:
                        break
                    negated[j] = True
        region = [0] * n  # 1 = complement of a comparison ("than Y", "unlike Y")
        m = COMPARATIVE_RE.search(joined)
        if m:
            marker = m.group(1)
            i = min(n - 1, joined.count(" ", 0, m.start(1)) + 1 + marker.count(" "))
            for j in range(i, n):
                if j > i and (low[j] in CLAUSE_BREAKS or (marker == "unlike" and low[j] == ",")):
                    break
                region[j] = 1
        in_scare = [any(a <= s < b for a, b in scare) for s in starts] if scare else [False] * n
        question = sent.rstrip().endswith("?")
        out = []
        for i, pol, word in found:
            if negated[i]:
                pol *= L.NEGATED_FACTOR
            if in_scare[i] and pol > 0:
                pol *= L.SCARE_QUOTE_FACTOR
            if i < last_contrast:
                pol *= L.BEFORE_CONTRAST_WEIGHT
            if question:
                pol *= L.QUESTION_WEIGHT
            end = i + word.count(" ")
            passive = (end + 1 < n and low[end + 1] == "by" and word not in PHRASE_POLARITY
                       and PARTICIPLE_RE.search(word) is not None)
            # the doer is preferred: the subject before the word, or the agent after "bullied by"
            same = [(abs(i - j) + L.COMMA_PENALTY * abs(commas[i] - commas[j]) + L.SUBJECT_BONUS * ((j > i) != passive),
                     j, t, name) for j, t, name in mentions if clause[j] == clause[i] and region[j] == region[i]]
            if same:
                _, at, target, name = min(same, key=lambda x: x[0])
                if target != "other":  # "the UN is corrupt": about a third party, no side
                    out.append((target, pol, word, name))
                if target != "you":  # "both the mayor and Price are terrible": every side conjoined with it
                    nearby = [(j, t, nm) for _, j, t, nm in same]
                    out.extend((t, pol, word, nm) for t, nm in _conjoined(at, target, nearby, low, taken))
                if target == "other":
                    continue
                if target != "you" and any(region):  # the compared side gets the opposite evaluation
                    for j, t, nm in mentions:
                        if t not in ("you", "other") and region[j] != region[i] and clause[j] == clause[i]:
                            out.append((t, -L.COMPLEMENT_WEIGHT * pol, word, nm))
                            break
                continue
            if region[i]:  # "... compared to the tripe we trot out": the main entity is the better one
                main = [(abs(i - j), t, nm) for j, t, nm in mentions if not region[j] and t != "you"]
                if main:
                    _, target, name = min(main, key=lambda x: x[0])
                    if target != "other":
                        out.append((target, -L.COMPLEMENT_WEIGHT * pol, word, name))
                    continue
            if clause[i] in relative:  # "Libya, who could be destroyed ...": about a noun that is no side
                you = [j for j, t, _ in mentions if t == "you" and clause[j] == clause[i] - 1]
                if you:  # ... unless "you are someone who ..."
                    out.append(("you", pol, word, "you"))
                continue
            anywhere = [(abs(i - j), t, nm) for j, t, nm in mentions if t != "you"]
            if anywhere:
                _, target, name = min(anywhere, key=lambda x: x[0])
                if target != "other":
                    out.append((target, L.SENTENCE_FALLBACK_WEIGHT * pol, word, name))
            else:
                out.append((None, pol, word, ""))
        sides_named = {t for _, t, _ in mentions if t not in ("you", "other")}
        if len(sides_named) > 1:
            out = [(t, p * L.BOTH_SIDES_WEIGHT, w, nm) for t, p, w, nm in out]
        return out


def comment_evaluation(text: str, evaluator: EntityEvaluator):
    """(side score, unattributed score, hostility at "you", evidence, named) of one comment's own text.

    Side score: sum of (side sign x polarity) over evaluations of a side; a sentence naming no side
    is about the side named before it, at ``CARRY_WEIGHT``. Unattributed: evaluation in a comment
    that names no side at all. Hostility: negative evaluation aimed at the interlocutor ("you").
    """
    side = unattributed = hostile = 0.0
    evidence: dict[str, list] = {}  # entity name -> [signed total, words]
    last: tuple[float, str] | None = None
    named = False
    pending: list[tuple[float, str]] = []
    for line in text.split("\n"):
        line = without_quotations(line, L.SCARE_QUOTE_MAX_WORDS + 1)  # a quotation running over several sentences
        for sent in sentences(line):
            items = evaluator.items(sent)
            if not items:
                hit = evaluator.first_side(sent) if evaluator.sides else None
                if hit is not None:
                    last, named = hit, True
                continue
            for target, pol, word, name in items:
                if target == "you":
                    if pol < 0 and lex_lookup(word) and word not in L.SOFT_FOR_YOU:
                        hostile += pol
                    continue
                if target is None:
                    if last is None:  # before any side is named: about the first side named later
                        pending.append((pol, word))
                        continue
                    target, name = last
                    pol *= L.CARRY_WEIGHT
                else:
                    if last is None and pending:
                        for ppol, pword in pending:
                            side += target * L.CARRY_WEIGHT * ppol
                            _note(evidence, name, L.CARRY_WEIGHT * ppol, pword, target)
                        pending = []
                    last = (target, name)
                    named = True
                side += target * pol
                _note(evidence, name, pol, word, target)
    if last is None:
        unattributed = sum(p for p, _ in pending)
    elif pending:  # a side was named only in a sentence without evaluation
        for ppol, pword in pending:
            side += last[0] * L.CARRY_WEIGHT * ppol
            _note(evidence, last[1], L.CARRY_WEIGHT * ppol, pword, last[0])
    top = [f"{'praises' if v[0] > 0 else 'criticises'} {name} ({'target' if v[2] > 0 else 'opponent'} side: "
           f"{', '.join(list(dict.fromkeys(v[1]))[:3])})"
           for name, v in sorted(evidence.items(), key=lambda kv: -abs(kv[1][0]))[:2] if v[0]]
    return side, unattributed, hostile, top, named


def _note(evidence: dict, name: str, value: float, word: str, side: float) -> None:
    """Accumulate per-entity evidence: the evaluation's signed total, the words behind it, the entity's side."""
    entry = evidence.setdefault(name, [0.0, [], side])
    entry[0] += value
    entry[1].append(word)


TOKEN_RE = word_regex(r"[^\w\s]")  # the core's words and each punctuation mark
CLAUSE_BREAKS = frozenset(";:()-.!?")
QUOTED_RE = re.compile(r"\"([^\"]*)\"|(?<!\w)'([^']+)'(?!\w)")
PHRASE_POLARITY = {p.replace("'", ""): v for p, v in L.EVALUATIVE_PHRASES.items()}
PHRASE_RE = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(p).replace(r"\ ", " ") for p in
                                                  sorted(PHRASE_POLARITY, key=len, reverse=True)) + r")(?![\w-])")
PARTICIPLE_RE = re.compile(r"(?:ed|en)$")  # "bullied by", "stolen by": a passive names the wrongdoer after "by"
OPENER_RE = re.compile("(?:" + "|".join(re.escape(p) for p in sorted(L.SENTENCE_OPENERS, key=len, reverse=True))
                       + ")(?= |$)")
COMPARATIVE_RE = re.compile(r"(?:^| )(" + "|".join(re.escape(m).replace(r"\ ", " ") for m in L.COMPARATIVE_MARKERS)
                            + r")(?= |$)")
_SUFFIXES = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("d", ""), ("es", ""),
             ("s", ""))


@lru_cache(maxsize=1 << 16)
def lex_lookup(word: str) -> float:
    """Polarity of a lower-cased word: the evaluative lexicon (with inflections), then TextBlob's."""
    pol = L.EVALUATIVE.get(word) or L.COMPARATIVE_WORDS.get(word)
    if pol:
        return pol
    for suf, rep in _SUFFIXES:
        if word.endswith(suf) and len(word) > len(suf) + 2:
            pol = L.EVALUATIVE.get(word[:-len(suf)] + rep)
            if pol:
                return pol
    if word in L.TEXTBLOB_SKIP:
        return 0.0
    psi = _textblob_words().get(word)
    if psi and psi[1] >= L.TEXTBLOB_MIN_SUBJECTIVITY and abs(psi[0]) >= L.TEXTBLOB_MIN_POLARITY:
        return L.TEXTBLOB_WEIGHT * psi[0]
    return 0.0


_TB: dict = {}


def _textblob_words() -> dict:
    if not _TB:
        from ..sentiment import FastPattern

        _TB.update(FastPattern().words)
    return _TB


def _tok_index(starts: list[int], pos: int) -> int:
    return max(0, bisect.bisect_right(starts, pos) - 1)


def _drop_intensifiers(found: list[tuple[int, float, str]]) -> list[tuple[int, float, str]]:
    """Drop a degree word ("pretty", "-ly") right before an evaluative word: it strengthens that word,
    it is no evaluation of its own ("successfully messing with", "pretty dishonest")."""
    at = {i for i, _, _ in found}
    return [(i, pol, w) for i, pol, w in found
            if not ((w in L.INTENSIFIERS or w.endswith("ly")) and i + 1 in at)]


def _modifies_media_noun(low: list[str], i: int) -> bool:
    """The evaluative word ending at token ``i`` modifies a shared text ("a great article", "a dishonest piece")."""
    for j in range(i + 1, min(len(low), i + 1 + L.MEDIA_NOUN_REACH)):
        if low[j] in L.MEDIA_NOUNS:
            return True
        if not low[j][:1].isalnum():
            return False
    return False


def _other_names(tokens: list[str], taken: list[bool], evaluated: set[int]) -> list[int]:
    """First tokens of the capitalised names inside a sentence that name no configured side ("the UN",
    "Trump's policy"): runs of capitalised words after a word or comma, none of them part of a side."""
    starts, run = [], -1
    for i in range(1, len(tokens) + 1):
        w = tokens[i] if i < len(tokens) else ""
        is_name = bool(NAME_RE.fullmatch(w)) and i not in evaluated and w.lower().split("'")[0] not in NAME_STOP
        if is_name and run < 0 and (tokens[i - 1][:1].isalnum() or tokens[i - 1] == ","):
            run = i
        elif not is_name and run >= 0:
            if not any(taken[run:i]):
                starts.append(run)
            run = -1
    return starts


def _conjoined(at: int, target, mentions, low: list[str], taken: list[bool]):
    """(side, name) of the mentions (of one clause) of another side joined to the mention at ``at`` by a
    conjunction ("both the mayor and Price", "Moscow and Beijing"): the evaluation is about each of them."""
    out = []
    for j, t, nm in mentions:
        if t in ("you", "other", target) or j == at:
            continue
        a, b = sorted((at, j))
        if all(taken[k] or low[k] in L.COORDINATORS for k in range(a + 1, b)) and any(
                low[k] in L.CONJUNCTIONS for k in range(a + 1, b)):
            out.append((t, nm))
    return out


def _strip_quotes(sent: str) -> tuple[str, list[tuple[int, int]]]:
    """Blank out long quoted spans (someone else's words); return short ones as scare-quote spans."""
    scare = []
    out = sent
    for m in QUOTED_RE.finditer(sent):
        body = m.group(1) if m.group(1) is not None else m.group(2)
        if len(body.split()) > L.SCARE_QUOTE_MAX_WORDS:
            out = out[:m.start()] + " " * (m.end() - m.start()) + out[m.end():]
        else:
            scare.append((m.start(), m.end()))
    for m in NAMING_FRAME_RE.finditer(sent):
        scare.append((m.end(), m.end() + 40))
    return out, scare


NO_SIDES = EntityEvaluator(())  # attributes evaluation to "you" and to no side (hostility toward the interlocutor)
NAME_RE = re.compile(r"[A-Z][a-z]+(?:[-'][A-Za-z]+)*|[A-Z]{2,5}(?:'s)?")
NAME_STOP = L.NOT_NAMES | L.NEGATORS | L.SECOND_PERSON | L.LAUGHTER
