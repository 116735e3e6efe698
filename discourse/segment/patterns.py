"""The regexes, word lists and thresholds of the segmenter's general model, in one place.

Nothing here is specific to one page or site: the patterns describe general shapes of page chrome, article
prose, reader comments, dates and names. What one layout knows (its header lines, profile blocks, depth lines,
signatures, ...) lives in its module under :mod:`.layouts`; weights that combine cues are data in
``weights.json`` (:mod:`.weights`).
"""
from __future__ import annotations

import re

from .weights import load_weights

# ---------------------------------------------------------------- line shape
# A line ends a sentence when, closing quotes and brackets aside, it ends with one of these.
SENTENCE_ENDS = tuple(".!?…")
CLOSING_CHARS = "\"”’')]* \t"
NO_TAG_ENDS = ",;:-/%"  # a line ending with one of these (and no "#" in it) ends in no tag or emoji
# Hashtags and emoji after a sentence's end ("... the firmware? #Brewly #SmartHome", "Well done! 👏").
TRAILING_TAGS = re.compile(r"(?:\s+(?:#\w+|[^\w\s#]{1,3}))+$")
URL_STARTS = ("http", "www", "<http", "(http")  # how a URL-only line opens
URL_ONLY = re.compile(r"^(?:[(<\[]?(?:https?://|www\.)\S+[)>\]]?\s*)+$", re.IGNORECASE)
# A link with a label, citing what the line above said ("Source: https://...").
LABELLED_URL = re.compile(r"^(?:source|sources|link|via|ref|here|more)\s*:\s*\S*://\S+$", re.IGNORECASE)
EMAIL_ONLY = re.compile(r"^<?[\w.+-]+@[\w-]+(?:\.[\w-]+)+>?$")  # an address alone on a line: like a link
QUOTE_LINE = re.compile(r"^>")
RE_HEADER = re.compile(r"^re\s*:\s*\S", re.IGNORECASE)
# A "re:" line that answers on the same line, after the quoted words or a dash: a whole comment.
RE_WITH_ANSWER = re.compile(r"^re\s*:\s*(?:[“\"][^”\"]+[”\"][\s,.:;—–-]*\w.{2,}|.+?\s[—–-]{1,2}\s+\w.{2,})$",
                            re.IGNORECASE)
LIST_ITEM = re.compile(r"^(?:\d{1,2}[.)]|[a-z][.)]|[•\-*–·▪●])\s+\S")
ELLIPSIS_STARTS = ".…"
ELLIPSIS_OPENER = re.compile(r"^(?:…|\.{2,}|\. \.)\s*\S")
# "…unless you're an American": an ellipsis and a conjunction that carry on someone else's sentence.
ELLIPSIS_REPLY = re.compile(r"^(?:…|\.{2,})\s*(?:and|but|or|unless|except|which|because|so|yet|not|until|if|while)\b",
                            re.IGNORECASE)
# A cited article's byline ("By Jane Doe, Mar 21, 2021").
BYLINE = re.compile(r"^by\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\b", re.IGNORECASE)
# Spans in quotation marks: removed before register cues are counted.
QUOTE_MARKS = "\"“«"
QUOTED_SPAN = re.compile(r"“[^”]*”?|\"[^\"]*\"?|«[^»]*»?")
CAPITALIZED = re.compile(r"^[A-Z0-9“\"'‘]")


def word_set(words: str) -> frozenset[str]:
    """Lowercase words, also with the punctuation that may cling to them: lines are split on white space only."""
    base = words.split()
    return frozenset(base + [w + end for w in base for end in ",.;:!?)\"”’'…"]
                     + [start + w for w in base for start in "(\"“‘'"])


def at_word_start(words: list[str]) -> str:
    r"""Regex source for ``\b(?:word|word|...)``, laid out so that a search runs fast.

    The words (each starting with a letter) are grouped by their first letter, and the word-start test
    comes right after that letter (``(?<!\w.)``): re's search then skips ahead to the letters a match
    can start with instead of trying every position.
    """
    groups: dict[str, list[str]] = {}
    for word in words:
        if not word[:1].isalpha():
            raise ValueError(f"{word!r} does not start with a letter")
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return "(?:" + "|".join(rf"{re.escape(first)}(?<!\w.)(?:{'|'.join(rest)})" for first, rest in groups.items()) + ")"


# ---------------------------------------------------------------- dates and headers
MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
         r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
CLOCK = r"\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4}|\s*[+-]\d{4})?"
DATE = (rf"(?:{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s*(?:\d{{4}})?|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH},?\s*(?:\d{{4}})?"
        r"|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?Z?)?|\d{1,2}/\d{1,2}/\d{2,4})")
AGO = r"(?:\d+|an?|one)\s*(?:s|sec|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|w|wk|weeks?|mo|months?|y|yr|years?)\.?(?:\s+ago)?"
ICON = r"[^\w\s.,:;+/%()'\"-]{1,2}"  # a symbol standing for an action: ↩ ⇄ ★ ♥
COUNT = r"\d[\d.,]*[km]?"  # "37", "1.1K"
TIME_WORDS = r"(?:yesterday|today|just now|(?:last|this) (?:week|month|year))"
WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+"
# A timestamp and nothing else ("March 3, 2021 at 5:06 pm", "3 hours ago", "2021-03-03 17:06").
TIMESTAMP = re.compile(
    rf"^(?:[·•|—–-]\s*)?(?:(?:on|at|posted|updated|published)\s+)?(?:{WEEKDAY})?(?:{DATE}|{AGO}|{TIME_WORDS}|{CLOCK})"
    rf"(?:\s*(?:at|,|@|-|·|•|\|)?\s*(?:{CLOCK}|{DATE}))?\s*(?:\(edited\))?(?:\s*#\d{{1,6}})?\s*$", re.IGNORECASE)
# A media player timer ("0:00", "26:13").
TIMER = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?$")
# A name does not end with a full stop, unless that closes an initial ("Jenna K.").
AUTHOR = r"(?P<author>@?(?:u/)?[\w.'’-]+(?: [\w.'’-]+){0,3}?)(?:(?<![.])|(?<=\s[A-Z]\.))"
SEP = r"\s*(?:[|·•—–»]|-(?!\d)|,|\bon\b|\bat\b)\s*"  # ("[deleted] -6 points": a sign, no separator)
# What follows a name in a "name · time" header: the time (a score may come first, "12 points 3 hours ago").
TIME_AFTER_NAME = (rf"(?P<time>(?:[+-]?\d+\s+points?\s*(?:·|•)?\s*)?(?:posted\s+(?:on\s+)?)?"
                   rf"(?:{DATE}|{AGO}|{TIME_WORDS}).*)$")
PLACES = r"(?:,\s*[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2}){1,2}(?=,)"  # "Jo, Leeds, United Kingdom, 2 hours ago"
# Counts that look like "author · time" but are teasers or stats ("12 comments • 2 days ago").
NOT_AUTHOR = re.compile(r"^[\d,.]+[km]?\s+\w+|^(?:comments?|replies|posted|updated|published|share|reply|created|joined)$",
                        re.IGNORECASE)
# A vote/score line ("12 points · 3h", "5 likes", "▲ 3 ▼").
SCORE_LINE = re.compile(rf"^(?:[▲▼↑↓]\s*)?[+-]?{COUNT}\s*"
                        rf"(?:points?|likes?|upvotes?|votes?|replies|favou?rites?|boosts?|reposts?|retweets?)?"
                        rf"(?:\s*(?:·|•|\|)\s*(?:{AGO}|{DATE}))?\s*(?:[▲▼↑↓])?$", re.IGNORECASE)
# A bare user name: one or two handle-like tokens, or a fediverse handle ("@ana@social.example").
NAME_ONLY = re.compile(r"^@?[\w.'’-]{2,30}(?: [\w.'’-]{2,30}|@[\w-]+(?:\.[\w-]+)+)?$")
MAX_NAME_WORDS = 3  # a post opening with a known author's full name, of up to this many words, addresses them
# ... that looks like a handle rather than a word: a digit, "_", "." or "@" in it, or all lowercase.
HANDLE_MARK = re.compile(r"[\d_.@]|^[a-z][a-z'’-]*$")
# Quote attributions that introduce a `>` block inside a reply ("On Mon, X wrote:", "Quoting X:").
QUOTE_ATTRIBUTION = re.compile(r"(?:\b(?:wrote|writes|said)\s*:|^quot(?:e|ing)\b.*:?)\s*$", re.IGNORECASE)
# Sign-offs that close an e-mail style post ("Cheers,", "Best regards,", "--"), then the writer's name.
VALEDICTION = re.compile(r"^(?:(?:cheers|thanks|many thanks|thanks again|thank you|thx|best|best regards|regards|"
                         r"kind regards|warm regards|all the best|sincerely|yours|hth|ciao|take care)\s*,|--|—)$",
                         re.IGNORECASE)
VALEDICTION_ENDS = (",", "--", "—")  # how a VALEDICTION line ends
# A dash signature under a post, letters-page style: "— Karen, Spokane", "-- mark_t", "– Devon R."
DASH_SIGNATURE = re.compile(r"^(?:--?|—|–)\s*(?P<author>@?(?=[\w.'’-]*[^\W\d_])[\w.'’-]{2,30}(?: [A-Z][\w.'’-]{0,20}){0,2})"
                            r"(?:,\s*[A-Z][\w.'’ -]{1,40})?$")
DASH_STARTS = "-—–"  # how a DASH_SIGNATURE line opens
# Per-post action links, and the lines that open or close a comment section.
# Leading counts and vote icons ("14 △ ▽ • Reply"), trailing counts and times ("Like · Reply · 23 · 3h").
ACTION = re.compile(r"^(?:[\d.,]+[km]?\s*|[△▽▲▼↑↓]\s*)*(?:[•·|]\s*)?"
                    r"(?:(?:reply|report|flag|permalink|parent|share|like|dislike|quote|edit|delete|"
                    r"upvote|downvote|vote up|vote down|recommend|reply all|reply to author|forward|click to rate|"
                    r"rate this|hide|collapse|expand|log in to reply|"
                    r"sign in to reply|view replies|load more replies|show replies|\d+ repl(?:y|ies)|save|give award|"
                    r"top|back to top)"
                    r"(?:\s*[·•|↓↑›»]?\s*)?)+"
                    rf"(?:(?:[·•|]\s*|(?<=\s))(?:{COUNT}|{AGO}|edited)\s*)*$", re.IGNORECASE)
COMMENT_MARKER = re.compile(
    r"^(?:[\d,.]+[km]?\s+)?(?:comments?|responses?|replies|reader comments|discussion|join the (?:discussion|conversation)|"
    r"leave a (?:reply|comment)|(?:\d+\s+)?(?:thoughts|responses?|repl(?:y|ies)|comments?) (?:on|to) [“\"‘'].+|"
    r"what readers (?:are saying|think)|"
    r"show comments|view comments)\s*(?:\(\d[\d,]*\))?\s*(?::|…|\.\.\.)?$", re.IGNORECASE)  # "Reader comments (21)"
# A comment section that says it is empty: comments, if any, come below this line.
NO_COMMENTS = re.compile(r"^(?:be the first to (?:comment|reply|respond)|no comments(?: yet)?|there are no comments"
                         r"(?: yet)?|0 comments|no one has commented yet)\b", re.IGNORECASE)
NO_COMMENTS_WORDS = 8
# Vote widgets of a comment section ("−", "+", a bare count, "▲ 12"): chrome between posts.
VOTE_LINE = re.compile(r"^(?:[−+–▲▼↑↓]|[▲▼↑↓]?\s*\d{1,6}(?:[.,]\d{1,3})?[KkMm]?\s*[▲▼↑↓]?)$")  # "▲ 12", "2.1K"
VOTE_LINE_WORDS = 3  # the most words VOTE_LINE matches
VOTE_STARTS = "0123456789+-−–▲▼↑↓"  # how a VOTE_LINE or SCORE_LINE opens

# ---------------------------------------------------------------- page chrome
# Page chrome that opens a line (matched at the start only).
CHROME = re.compile("|".join([
    r"also on \S+",  # related-article teaser
    r"(?:read|see|watch|listen)(?: also| more)?\s*:",
    r"(?:read|learn|see|find out|show|load) more\b.{0,40}$",
    r"(?:get|try|download) (?:more|the app|our app|our newsletter)\b.{0,40}$",
    r"(?:subscribe|sign up|sign in|log ?in|register|follow us|advertisement|sponsored|skip to\b|sort(?:ed)? by\b|"
    r"cookie|(?:this (?:site|website) uses|we use) cookies\b|privacy policy|terms of (?:use|service)|"
    r"all rights reserved|copyright|©)",
    r"(?:share|tweet|email|print|comment|save|bookmark)(?:\s*(?:on|via)\s+\w+)?\W*$",
    r"reactions?\s*:|\d+ of \d+$",  # "Reactions: ann_b and 9 others", pagination
    r"(?:click|tap) here\b",
    r"(?:thread starter\s|author\s+topic:|pages?:\s*\[?\d)",  # forum thread furniture ("Pages: [1] 2")
    r".{1,40}['’]s (?:profile )?(?:photo|picture|avatar|image)$",  # an avatar's alt text
    r"(?:logged|print|level \d+|avatar|user avatar|continue this thread|(?:\d+ )?more (?:replies|comments)|"
    r"click to expand\W*)$",
    r"\d+ (?:comments?|replies|shares|views)\s*[•·|]",  # a related story's stats
    r"(?:get|have) .{0,40}\bdelivered (?:straight )?to your inbox",
    r"your email address will not be published|required fields are marked|notify me of",
    # comment forms and blog furniture
    r"(?:leave a (?:reply|comment)\s+)?cancel reply$|post comment$|save my name\b|[\w ]{1,20} \*$",
    r"comments (?:are|have been) (?:closed|disabled|turned off|(?:pre-?)?moderated)\b|(?:proudly )?powered by\b",
    r"like this:$|like loading\b|search(?: for| this (?:topic|thread|forum))?\W*$|add (?:a|your)(?: public)? comment\W*$|write a comment\W*$",
    r"you must (?:be )?(?:signed in|logged in|log in|sign in|registered)\b|have your say\b|"
    r"please keep (?:comments|it|the discussion) (?:civil|respectful|on topic)",
    r"[-_=*~#+•·—–]{3,}$",  # a rule between blocks
    r"\d{1,3}% upvoted$|.{0,30}\bpage \d+ of \d+\b.{0,30}$|(?:follow|reply to|start new) (?:this )?(?:topic|thread)$",
    r"(?:view|load|show|see) (?:all |\d+ )?(?:more |\d+ )?(?:comments?|repl(?:y|ies))$|view all\W*$",
    r"(?:share|tell us|add|give us) (?:what you think|your (?:thoughts|views|comment|opinion))\W*$",
    r"view (?:on|in) (?:x|twitter|instagram|facebook|bluesky|threads|mastodon|tiktok|youtube)$",  # an embedded post
    r"(?:newest|oldest|best|popular|most (?:recommended|popular|liked|replied))(?: first)?$",  # sort tabs
    r"all times are (?:gmt|utc)\b|end of .{0,60}\bdigest\b|.{0,40}\bmailing list$|sent from my \w+$",
    r"[←«‹]\s*(?:previous|older|newer|next)\b|(?:previous|next|older|newer) (?:post|article|story|entries)\b.{0,80}$",
    # icons with counts ("↩ 1   ⇄ 4   ★ 37", "12 ♥ 3 💬")
    rf"(?:{ICON}\s*{COUNT}\s*){{2,}}$|(?:{COUNT}\s*{ICON}\s*){{2,}}$",
    # a menu of four or more short items ("About · Status · Privacy policy · Get the app"), no counts or times in it
    r"(?!.*\d\s*(?:points?|comments?|votes?|likes?|[hmd]|hours?|minutes?|days?)\b)"
    r"[^·•|\n]{1,40}(?:\s[·•|]\s[^·•|\n]{1,30}){3,}$",
]), re.IGNORECASE)
# Calls to action anywhere in a short line ("Like this story? Share it with a friend!").
CHROME_CTA = re.compile("|".join([
    r"\b(?:like|liked|enjoy(?:ed)?|love[sd]?) (?:this|the) (?:story|article|post|piece)\b.{0,60}$",
    r"\bshare (?:it|this|the story|this article)\b.{0,40}$",
    r"\b(?:let us know|tell us) (?:in the comments|what you think)\b",
    r"\b(?:log ?in|sign in) or (?:sign up|register)\b|\bsign up or (?:log ?in|sign in)\b",
]), re.IGNORECASE)
CHROME_CTA_HINTS = word_set("like liked enjoy enjoyed love loved share let tell log login sign")
# A site's legal footer, at any length ("Use of this site constitutes acceptance of ... © 2021 X Inc.").
LEGAL_FOOTER = re.compile(r"©\s*(?:19|20)\d\d\b|\ball rights reserved\b|\b(?:uses|use) cookies\b"
                          r"|\buse of this (?:site|website) constitutes\b"
                          r"|\bviews expressed\b.{0,80}\b(?:users|readers|commenters)\b", re.IGNORECASE)
LEGAL_HINTS = word_set("© reserved cookies constitutes expressed")  # ("rights" alone is common in prose)
CAPTION_HINTS = word_set("photo photos picture image images video file credit illustration getty shutterstock "
                          "afp reuters ap")
CAPTION = re.compile(r"\b(?:photo|picture|image|video|file photo|credit|illustration)s?\s*(?:\([^)]*\))?\s*:"
                     r"|\((?:photo|image|video|file)\b|\b(?:getty images|shutterstock|afp|reuters|ap photo)\s*\)?$",
                     re.IGNORECASE)
META = re.compile(r"^(?:source|sources|updated|published|posted|last updated|written by|reporting by|"
                  r"editing by|additional reporting)\b.{0,80}$|^(?:date|location|venue|speakers?)\s*:\s*\S.{0,120}$"
                  r"|^\d+\s*min(?:ute)?s? read$", re.IGNORECASE)

# ---------------------------------------------------------------- register cues
# Word lists are matched against the lowercased words of a line (quoted speech left out).
FIRST_PERSON = word_set("i i'm i’m i'd i’d i've i’ve i'll i’ll me my mine myself im ive")
SECOND_PERSON = word_set("you your yours yourself yourselves you're you’re youre you'd you’d you've you’ve "
                          "you'll you’ll ya ur")
FIRST_PLURAL = word_set("we our ours let's let’s we're we’re we've we’ve")
LOWERCASE_US = re.compile(at_word_start(["us"]) + r"\b")  # the pronoun, not "US"
# The site speaking to its readers ("straight to your inbox", "you agree to our terms"): on a line with one
# of these words, or with "our" and "you" but no "I", "you" and "our" are no reader's voice.
SITE_VOICE = word_set("newsletter newsletters inbox subscribe unsubscribe subscriber subscribers subscription "
                      "sign-up signup privacy cookies terms alerts notifications podcast email e-mail website "
                      "browser app")
SITE_POSSESSIVE = word_set("our ours")
SLANG = word_set(
    "lol lmao lmfao rofl roflmao imo imho btw omg wtf smh haha hahaha fwiw iirc afaik tbh yeah yep nope meh duh "
    "ugh ffs bs dunno gonna wanna gotta kinda sorta y'all yall idiot idiots moron morons clown clowns troll trolls "
    "dont doesnt didnt cant wont isnt wasnt arent thats theyre shouldnt wouldnt couldnt sheesh geez jeez dude "
    "folks guys")
# Evaluative words of a reader's opinion ("honestly", "ridiculous", "what a joke").
OPINION = word_set("honestly frankly seriously obviously literally totally basically actually ridiculous stupid "
                   "pathetic absurd hilarious idiotic clueless joke waste nonsense crap damn hell shameful disgusting "
                   "awesome terrible horrible sad")
# Reactions that open a reply ("Agreed.", "Spot on", "LOL", "Yes, ...").
# A reaction word counts only when punctuation follows it ("No." but not "No country ...").
REACTION_WORDS = ("agreed exactly wrong yes no nope yep yeah yup nah thanks thx ty lol lmao rofl roflmao haha hahaha "
                  "indeed true correct right nonsense rubbish bingo this well ha same absolutely precisely sure ok "
                  "okay amen bravo wow ugh oh sorry huh what really seriously word good great typical figures classic finally "
                  "unbelievable").split()
REACTION_PHRASES = ("thank you", "spot on", "so true", "well said", "good point", "great point", "fair point",
                    "hear hear", "hear, hear", "+1", "same here", "not really", "not so", "not true", "not at all")
REACTION_OPENER = re.compile(r"^(?:(?:" + "|".join(REACTION_WORDS) + r")(?=\s*(?:[.,!?…:;]|$))|"
                             + "|".join(map(re.escape, REACTION_PHRASES)) + ")", re.IGNORECASE)
REACTION_STARTS = word_set(" ".join(REACTION_WORDS + [p.split()[0] for p in REACTION_PHRASES]))
# Reactions with no content of their own: never chosen as a parent.
CONTENTLESS = re.compile(r"^\W*(?:[a-z]{1,9}\W*){1,2}$", re.IGNORECASE)
# Openers that continue the previous line's post rather than start a new one.
CONTINUATION_OPENER = re.compile(
    r"^(?:also|besides|moreover|furthermore|further|additionally|in addition|plus|still|anyway|anyhow|"
    r"that said|having said that|secondly|thirdly|finally|lastly|p\.?s\.?|edit|update|in fact|"
    r"on the other hand|for example|for instance)\b\s*[,:.]", re.IGNORECASE)
REFERENCE_NOUNS = word_set("article piece author writer thread comment comments commenter commenters site")
ARTICLE_REFERENCE = re.compile(r"\b(?i:this|the) (?:article|piece|author|writer|thread|comment(?:er)?s?|site)\b")
ADDRESS = re.compile(r"^@?(?P<name>[A-Z][a-z]{1,20}|[A-Za-z][\w.-]*\d[\w.-]*)\s*(?:,|:)\s+\S")
# A greeting or thanks with a name ("Thanks ana_b, ...", "Hi Mike:"): the name must be a known author.
GREETING_ADDRESS = re.compile(r"^(?:thanks|thank you|thx|ty|cheers|hi|hey|hello|sorry|agreed|exactly|yes|no)"
                              r",?\s+@?(?P<name>[\w.'’-]*\w)\s*[,.!:;]", re.IGNORECASE)
# A post opening with a handle-like name and no punctuation ("dougie you said ..."): a known author addressed.
HANDLE_OPENER = re.compile(r"^@?(?P<name>[a-z][\w.-]*[\w]|[A-Za-z][\w.-]*(?:\d|_)[\w.-]*)\s+\S")
# An answer's opener ("Because houses cost half as much"): a reply to a recent post.
ANSWER_OPENER = re.compile(r"^(?:because|'?cause|cuz|coz)\b", re.IGNORECASE)
WHY_SENTENCE = re.compile(r"[^.!?\n]*\bwhy\b[^.!?\n]*[.!?]?", re.IGNORECASE)  # what such an answer answers
VOCATIVE = re.compile(r", (?P<name>[A-Z][a-z]{1,20})[.!?]")  # "I disagree, Mike."
# A question put to the other readers ("Does anyone know ...?", "Anybody else ...?").
CROWD_QUESTION = re.compile(r"\b(?:anyone|anybody|someone|somebody|any of you)\b", re.IGNORECASE)
# A name as a mention names it (a registered layout's mention form may take a name of several words).
MENTIONED = r"[\w.'’-]*\w(?: [\w.'’-]*\w){0,3}"

# ---------------------------------------------------------------- journalistic cues
ATTRIBUTION = word_set("said says told added noted stated announced asserted claimed explained warned insisted "
                        "acknowledged according reported reports spokesman spokeswoman spokesperson")
NEWS_TIME_HINTS = word_set("monday tuesday wednesday thursday friday saturday sunday week month year")
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
# "on Monday", "late Friday", "earlier this week", "last year"
NEWS_TIMES = ([f"{when} {day}" for when in ("on", "last", "this", "next", "late", "early", "since") for day in WEEKDAYS]
              + [f"{when} {span}" for when in ("earlier this", "last", "next") for span in ("week", "month", "year")])
NEWS_TIME = re.compile(at_word_start(NEWS_TIMES) + r"\b")
TITLES = ("President Secretary Minister Ambassador Senator Sen Rep Gov Governor Chairman Director Professor Prof "
          "Dr Mr Mrs Ms spokesman spokeswoman spokesperson official officials adviser advisor analyst analysts").split()
TITLE_HINTS = word_set(" ".join(TITLES).lower())
TITLED_NAME = re.compile(at_word_start(TITLES) + r"\.? [A-Z][a-z]")
DATELINE = re.compile(r"^[A-Z]{3,}(?:[ ,]+[A-Z][A-Za-z]+)*\s*(?:\([A-Za-z ]+\))?\s*[-—–]\s")

# Every word-list cue by name; a line's words are looked up once in CUE_VOCABULARY, and the cues
# they hit make a bit set (CUE_BIT of each cue).
WORD_CUES = {
    "first_person": FIRST_PERSON, "second_person": SECOND_PERSON, "first_plural": FIRST_PLURAL, "slang": SLANG, "opinion": OPINION,
    "article_ref": REFERENCE_NOUNS, "attribution": ATTRIBUTION, "news_time": NEWS_TIME_HINTS,
    "titled_name": TITLE_HINTS, "caption": CAPTION_HINTS, "cta": CHROME_CTA_HINTS, "legal": LEGAL_HINTS,
    "site_voice": SITE_VOICE, "site_possessive": SITE_POSSESSIVE,
}
CUE_BIT = {kind: 1 << k for k, kind in enumerate(WORD_CUES)}
CUE_BITS_OF_WORD = {w: sum(CUE_BIT[k] for k, ws in WORD_CUES.items() if w in ws)
                    for ws in WORD_CUES.values() for w in ws}
CUE_VOCABULARY = frozenset(CUE_BITS_OF_WORD)

# ---------------------------------------------------------------- weights
# Weights of a line's evidence: data in weights.json ("line_evidence"), with the fitted tables.
_EVIDENCE = load_weights()["line_evidence"]
READER_WEIGHTS = _EVIDENCE["reader"]
JOURNAL_WEIGHTS = _EVIDENCE["journal"]
MAX_CUE_SCORE = _EVIDENCE["max_cue_score"]  # cap of each side's evidence per line
HEADER_EVIDENCE = _EVIDENCE["header"]  # an author header line
ACTION_EVIDENCE = _EVIDENCE["action"]  # "Reply", "Report", ...
MARKER_EVIDENCE = _EVIDENCE["marker"]  # "23 Comments", "Leave a reply"
SPEAKER_TURN_EVIDENCE = _EVIDENCE["speaker_turn"]  # a turn of an interview transcript: article
LONG_PLAIN_WORDS = 40  # a paragraph this long with no reader cue reads as prose

# ---------------------------------------------------------------- thresholds
FURNITURE_WORDS = 16  # only lines this short are checked for chrome, labels, dates and comment markers
MIN_COMMENT_EVIDENCE = 2.0  # net reader evidence the comment region needs
MIN_COMMENT_CUE_LINES = 2  # lines with reader evidence in the comment region
HEADLINE_WORDS = (4, 25)  # a headline-like line has this many words
TITLE_CASE_SHARE = 0.5  # share of capitalized words in a cited headline
LABEL_WORDS = 3  # section labels, credits and nav items are at most this long
WORD_SALAD_WORDS = 12  # nav menus and sprite dumps: long, unpunctuated, few function words
WORD_SALAD_FUNCTION_SHARE = 0.1
SENTENCE_PUNCTUATION = re.compile(r"[,;:.!?]")
MAX_HEADER_WORDS = 12  # author header lines are short
TAB_WIDTH = 4  # columns of a tab in a line's indentation
MIN_STRUCTURE_MARKERS = 2  # headers/action lines needed before they alone delimit posts
FUNCTION_WORDS = frozenset(
    "a an the of to in on at for from by with and or but is are was were be been has have had it its this that "
    "these those as not no do does did will would can could should may might than then so if".split())
MIN_SEPARATOR_SHARE = 0.15  # blank-line gaps delimit posts only when this share of lines is followed by one

# ---------------------------------------------------------------- tokens (fast path of discourse.text.tokenize)
# On ASCII text a token is a run of word characters, apostrophes, hyphens and dots with its
# leading/trailing punctuation stripped: the same tokens discourse.text.WORD_RE finds.

# ---------------------------------------------------------------- replies and reposts
QUOTE_SHINGLE = 3  # words per shingle when matching quoted text
MIN_QUOTE_WORDS = 2  # a quoted span ("democratic forces") needs this many words to be matched
ARTICLE_QUOTE_SHARE = 0.5  # share of a quoted span's shingles found in the article
QUOTE_SHARE = 0.5  # ... or in the earlier comment it quotes
ECHO_MAX_POSTINGS = 2  # an unmarked echo must use a phrase at most this many earlier comments used
ECHO_MIN_SHINGLES = 2  # ... and share this many such phrases, or one made only of content words
QUOTE_REACH = 200  # how many comments back a marked quote is looked up
QUOTE_LINE_REACH = 600  # how many lines back the source of a quote line is looked up
MIN_SHORT_QUOTE_CHARS = 5  # a quote too short for a shingle is looked up by its text when it is this long
QUOTE_SAMPLE = 8  # shingles of a quote line (those of smallest hash) its source is looked up by
POINT_BY_POINT_ANSWER = 3  # answer lines between two quotes of one post answered point by point
MIN_MULTI_PARAGRAPH_EVIDENCE = 2  # quotes showing posts of several paragraphs before a flat dump is decoded as such
MIN_MULTI_PARAGRAPH_SHARE = 0.2  # ... and that many per quote unit
THREAD_TITLE_WORDS = 30  # the first line of a thread dump is its title when it is this short

# ---------------------------------------------------------------- post decoder (flat thread dumps)
SIGN_OFF_WORDS = 4  # a sign-off or greeting line is this short
LONG_PARAGRAPH_WORDS = 40
POST_LENGTH_CAP = 10  # lines of the current post counted by the decoder
EMOTICON_END = re.compile(r"(?:[:;]-?[()/DPp]|emoticon_\w+)\W*$")  # ":)", "emoticon_xgood" closing a line
SIGNED_NAME = re.compile(r"^[-~—–]?\s*[A-Z][\w'’-]{1,20}\.?$")  # "James.", "-Wez"
GREETING_ENDS = tuple(",:-–—")
GREETING_LINE = re.compile(r"^@?[\w.'’ -]{2,30}?\s*(?:,|:|-{1,2}|–|—)$")  # "Steeeeve,", "gilligan-", "Hunter --"
CONTINUATION_STARTS = frozenset(
    "also besides moreover furthermore further additionally in plus still anyway anyhow that having secondly "
    "thirdly finally lastly p.s ps p.s. edit update on for".split())  # first words of CONTINUATION_OPENER
CONJUNCTION_OPENERS = frozenset("and but so or because also then plus however though".split())
FIRST_PERSON_OPENERS = frozenset("i i'm i’m i've i’ve i'd i’d i'll i’ll im".split())
SECOND_PERSON_OPENERS = frozenset("you you're you’re your youre".split())
ADDRESS_REACH = 28  # a name addressed at the start ("jyoushu, no, ...") ends within this many characters
NAME_ADDRESS = re.compile(r"^@?[A-Za-z][\w.'’-]{1,25},\s")
RECENCY_WEIGHT = 0.3  # prior for the nearer of two candidate parents
SIMILARITY_LINK = 0.15  # cue-less replies: the lexical similarity a parent needs
SIMILARITY_EVIDENCE_WORDS = 5
# Capitalized words that open a sentence without addressing anyone ("Still, ...", "Sadly, ...").
NOT_NAMES = frozenset(
    "re also anyway besides still yes no well so but and or then now here there however instead indeed again "
    "edit update note ps source link quote "
    "meanwhile otherwise therefore thus hence today yesterday first second finally sure okay ok oh hey hi hello "
    "sorry thanks please look listen remember note wait what why how who when where this that true right wrong "
    "agreed exactly correct nonsense nope yep yeah lol".split())
SIMILARITY_STOP_WORDS = FUNCTION_WORDS | frozenset(
    "i me my we our you your he she they them their his her its it's i'm don't just like very really also more "
    "about all any some what which who whom how why when where there here into out up over only even still "
    "would could should one get got make much many most other such own same too now".split())
REPOST_SHINGLE = 3  # words per shingle for near-duplicate reposts
REPOST_SUFFIXES = ("ing", "ed", "es", "s")  # inflections folded before near-duplicate shingles
REPOST_MIN_STEM = 3
MIN_REPOST_WORDS = 4  # shorter comments ("LOL", "Agreed.") repeat by chance, not as reposts
# A shingle in more comments than this is common wording: near-duplicate candidates are not looked up
# through it (exact reposts are still found), which keeps the candidate lists short on huge threads.
REPOST_MAX_POSTINGS = 16

# ---------------------------------------------------------------- performance
# Cheap substring tests that skip a regex when it cannot match. Keep them in step with the
# patterns they guard: every match of the pattern must contain one of its hints.
# MENTION: "@name", "replying to" / "in reply to", "quote from:", "<name> said/wrote/writes:" (lowercased text).
MENTION_HINTS = ("@", "repl", "quote from", "said", "wrote", "writes")
# CROWD_QUESTION: every alternative holds one of these (casefolded text).
CROWD_QUESTION_HINTS = ("any", "some")

# -- tokens / replies / reposts fast paths
# MENTION on a comment's full text, before its quoted spans are cut out: every match holds an "@",
# a ":" ("quote from:", "kate said:") or "repl" in some case ("Replying to", "in reply to").
MENTION_MARKS = ("@", ":")
MENTION_REPLY = "repl"
PAIR_BLOCK = 8192  # candidate repost pairs compared per block
