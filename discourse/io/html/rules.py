"""Patterns and thresholds of the HTML reader, in one place.

Class and id names are compared as words: ``comment-12`` -> {comment},
``commentBody`` -> {comment, body} (see :func:`discourse.io.html.dom.words_of`).
"""
from __future__ import annotations

import re

# ---------------------------------------------------------------- parsing limits
# Deeper documents are refused ("nesting deeper than N"): libxml2 drops, without a word,
# everything below depth 2048 even in huge_tree mode, so a page is either read whole or refused.
MAX_NESTING = 1000
# trafilatura slows down badly on huge trees (an 8 MB page: ~2 minutes); beyond this the
# article comes from the fallback (paragraph blocks outside boilerplate).
MAX_TRAFILATURA_ELEMENTS = 30_000

# ---------------------------------------------------------------- rendering
# Not rendered as text. The scorer and a browser still show some of them (button labels,
# select options): they become boilerplate blocks so that their text is not counted as the
# text of the block before them.
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "object", "canvas",
                       "select", "option", "input", "textarea", "button", "head", "map", "video", "audio"})
INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template", "head"})  # never shown
BLOCK_TAGS = frozenset({"html", "body", "p", "div", "section", "article", "main", "aside", "header", "footer",
                        "nav", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
                        "blockquote", "pre", "figure", "figcaption", "table", "thead", "tbody", "tr", "td",
                        "th", "caption", "address", "form", "fieldset", "details", "summary", "hr", "center"})
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
LIST_TAGS = frozenset({"ul", "ol", "dl"})
CODE_TAGS = frozenset({"pre", "code"})
QUOTE_PREFIX = "> "
# A blockquote's attribution line ("alice wrote:"), rendered unquoted.
ATTRIBUTION_XPATH = (".//cite | .//footer | .//*[contains(@class, 'attribution') or contains(@class,"
                     " 'quote-header') or contains(@class, 'quotetitle') or contains(@class, '-title')]")

# ---------------------------------------------------------------- article (trafilatura alignment)
# Segments of at least this many tokens anchor the alignment with trafilatura's text; shorter
# ones count as article only inside the gap between two anchors that holds their tokens.
ANCHOR_MIN_TOKENS = 4
EDGE_MISSES = 3  # segments not in the text that end the search before the first / after the last anchor
MAX_OCCURRENCES = 50  # positions tried per anchor segment (repeated boilerplate lines)
# A segment that trafilatura kept only in part: article if this share of its tokens is in the gap.
PARTIAL_MATCH_SHARE = 0.6
FALLBACK_ARTICLE_MIN_WORDS = 6  # without trafilatura: <p>-like blocks at least this long
FALLBACK_BLOCK_TAGS = frozenset({"p", "blockquote", "li", "pre", "dd", "td"})

# ---------------------------------------------------------------- comment items
# Comments are block elements; <span class="comment"> in highlighted code is not one.
ITEM_TAGS = frozenset({"div", "li", "article", "section", "dd", "dt", "tr", "td", "aside", "blockquote",
                       "table"})
# Words naming one comment. Strong ones also say "comment" when the item has no header of its own
# and outweigh trafilatura taking the text as article; weak ones ('post' is also the blog post)
# need repetition and lose against the article.
STRONG_ITEM_WORDS = frozenset({"comment", "reply", "response", "disqus"})
WEAK_ITEM_WORDS = frozenset({"post", "message", "answer", "utterance", "tweet"})
ITEM_WORDS = STRONG_ITEM_WORDS | WEAK_ITEM_WORDS
CONTAINER_WORDS = frozenset({"comments", "replies", "posts", "messages", "answers", "responses", "discussion",
                             "discussions", "disqus", "thread", "threads", "commentlist", "conversation",
                             "forum", "children", "respond", "talk", "trackbacks", "pingbacks"})
# An item word with one of these names a part of a comment, or its list.
PART_WORDS = frozenset({"body", "content", "text", "author", "meta", "date", "time", "link", "links", "form",
                        "title", "count", "avatar", "header", "footer", "actions", "action", "info", "profile",
                        "data", "vote", "votes", "share", "button", "btn", "icon", "edit", "permalink",
                        "number", "num", "metadata", "tools", "toolbar", "signature", "heading", "notes",
                        "head", "entry", "excerpt", "summary", "rating", "status", "nav", "navigation",
                        "pagination", "feed", "rss", "policy", "closed", "open", "respond", "bubble", "img",
                        "image", "submit", "label", "field", "input", "textarea", "cancel"})
CONTAINER_PART_WORDS = frozenset({"list", "area", "section", "tree", "feed", "stream", "group", "thread",
                                  "threads"})
# With an item word: a wrapper of one comment or of the list; neither the item nor its list.
WRAPPER_WORDS = frozenset({"container", "box", "block", "wrap", "wrapper", "holder", "inner", "outer"})
# Never comment items or containers, whatever their classes say (<body class="single-post comments-open">).
PAGE_TAGS = frozenset({"html", "body", "head", "main"})
MIN_REPEATED = 2  # alike siblings that make a repeated group
MAX_RUN_SIBLINGS = 20  # siblings a bare header (<dt>, <h4>) can take as its body
MAX_ACTION_CHARS = 60  # longer texts are no action bar ("Reply", "12 likes", "Report abuse")
MAX_HEADER_CHARS = 400  # longer texts are no header line
ALIKE_CLASS_SHARE = 0.5  # alike elements: same tag, and this share of their class words in common

# A named region holding at least this share of the article's tokens is a layout wrapper, not a region.
WRAPPER_ARTICLE_SHARE = 0.5
# Regions whose comment-like items are never comments, and whose text is boilerplate unless
# trafilatura took it as article: navigation, sidebars, widgets, related/popular/recent lists.
BOILERPLATE_TAGS = frozenset({"nav", "aside", "footer", "menu", "form"})
BOILERPLATE_WORDS = frozenset({"nav", "navbar", "navigation", "menu", "sidebar", "widget", "widgets", "related",
                               "recommended", "popular", "trending", "share", "sharing", "sharedaddy", "social",
                               "newsletter", "promo", "advert", "advertisement", "ads", "ad", "sponsored",
                               "breadcrumb", "breadcrumbs", "cookie", "cookies", "banner", "masthead",
                               "pagination", "pager", "colophon", "subscribe", "signup", "login", "skip",
                               "footer", "topbar", "tags", "categories", "headerbar", "archive",
                               "archives", "blogroll", "slider", "carousel", "tagcloud", "outbrain", "taboola",
                               "zemanta", "yarpp", "linkwithin"})
# Like <header>: boilerplate unless inside <article>/<main> (entry-header holds the title).
SITE_HEADER_WORDS = frozenset({"header", "masthead"})
FORM_TAGS = frozenset({"form", "textarea", "input", "select", "button"})

# ---------------------------------------------------------------- comment header markup
# Author markup: (xpath over the page).
AUTHOR_XPATH = ("//*[@itemprop='author'] | //*[contains(concat(' ', normalize-space(@class), ' '), ' fn ')]"
                " | //*[contains(concat(' ', normalize-space(@class), ' '), ' vcard ')]"
                " | //*[contains(concat(' ', @rel, ' '), ' author ')] | //cite"
                " | //*[contains(@class, 'author') or contains(@class, 'username') or contains(@class, 'user-name')"
                " or contains(@class, 'nickname') or contains(@class, 'poster') or contains(@class, 'commenter')"
                " or contains(@id, 'author')]")
# Best first, relative to an item: the author's name.
AUTHOR_NAME_XPATHS = (
    ".//*[@itemprop='author']//*[@itemprop='name']",
    ".//*[@itemprop='author']",
    ".//*[contains(concat(' ', normalize-space(@class), ' '), ' fn ')]",
    ".//*[contains(concat(' ', normalize-space(@class), ' '), ' username ')]",
    ".//*[contains(concat(' ', @rel, ' '), ' author ')]",
    ".//*[contains(@class, 'author') or contains(@class, 'username') or contains(@class, 'user-name')"
    " or contains(@class, 'nickname') or contains(@class, 'poster') or contains(@class, 'commenter')"
    " or contains(@id, 'author')]",
    ".//cite",
)
AUTHOR_ATTRIBUTES = ("data-author", "data-username", "data-user")
AUTHOR_NOISE = re.compile(r"^\s*(by|posted by|from)\s+|\s*(says|said|wrote|writes|responded|replied)?\s*"
                          r"(\.\.\.|…|:)?\s*$", re.IGNORECASE)
MAX_AUTHOR_CHARS = 80
# A short text naming who wrote: "Anna says:", "Rosa said...", "bob wrote:", "by Piotr on".
SPEAKER_TEXT = re.compile(r"(^|\s)(says|said|wrote|writes|responded|replied)\b\s*(\.\.\.|…|:|to\b|on\b|$)"
                          r"|^\W*(posted\s+)?by:?(\s+[^.!?]{0,40}?)?(\s+(on|at)\b|\s*[|·•,]|\s*$)", re.IGNORECASE)
NAME_NOISE = re.compile(r"^(?:[\W_]|\b(?:on|at|by|posted|in)\b)+|[\s,;:|/\-–—·•]+$", re.IGNORECASE)  # around a name
MAX_NAME_TOKENS = 4  # a header text: a date, speaker words and at most this many other words (a name)
# Words of a header line besides the name and the date ("On May 3, 2012 at 9:12 am Rosa said:").
HEADER_NOISE = frozenset({"on", "at", "by", "says", "said", "wrote", "writes", "replied", "responded", "to", "in",
                          "am", "pm", "posted", "reply", "edit", "permalink", "link", "via", "mobile", "ago"})
# The name in a speaker text: "by bob on May 3", "On May 3, 2012, Rosa said...".
SPEAKER_NAME = (re.compile(r"^\W*(?:posted\s+)?by:?\s+(.+?)(?:\s+(?:on|at|in|via)\b|\s*[|,]|$)", re.IGNORECASE),
                re.compile(r"^(.+?)\s+(?:says|said|wrote|writes|responded|replied)\b", re.IGNORECASE))
MAX_HEADER_WORDS = 16  # texts longer than this are no header (author line, date line)
TIME_XPATH = ("//time | //abbr[@title] | //*[contains(@class, 'date') or contains(@class, 'time')"
              " or contains(@class, 'published') or contains(@class, 'posted') or contains(@class, 'ago')]")
TIME_ATTRIBUTES = ("datetime", "title", "data-timestamp", "data-time", "data-date")
ITEM_TIME_ATTRIBUTES = ("data-timestamp", "data-time", "data-date", "data-created")
_MONTH = (r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?")
DATE_TEXT = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}}(st|nd|rd|th)?,?\s+\d{{4}}"          # October 28, 2012
    rf"|\b\d{{1,2}}(st|nd|rd|th)?\.?\s+{_MONTH},?\s+\d{{2,4}}"    # 26 October 2012, 20. Jul, 2012
    r"|\b(19|20)\d\d[./-](0?[1-9]|1[0-2])[./-](0?[1-9]|[12]\d|3[01])(?![./-]?\d)"  # 2012-11-05
    r"|\b(0?[1-9]|[12]\d|3[01])[./-](0?[1-9]|[12]\d|3[01])[./-]((19|20)?\d\d)(?![./-]?\d)"  # 11.06.12, 11/2/2012
    r"|\b\d{1,2}:\d{2}\s*([ap]\.?m\.?)?\b"                         # 8:02 pm
    r"|\b\d+\s+(second|minute|min|hour|hr|day|week|month|year)s?\s+ago\b",
    re.IGNORECASE)
REPLY_LINK_TEXT = re.compile(r"^\W*(reply|respond|reply to (this|comment)|antworten|répondre|responder)\W*$",
                             re.IGNORECASE)
REPLY_HREF = re.compile(r"replytocom|#respond|reply|comment-form", re.IGNORECASE)
AVATAR = re.compile(r"avatar|gravatar|userpic|user-pic|profile[-_]?(photo|pic|image)", re.IGNORECASE)
KEY_ATTRIBUTES = ("id", "data-id", "data-comment-id", "data-commentid", "data-post-id", "data-postid")
PARENT_ATTRIBUTES = ("data-parent", "data-parent-id", "data-parentid", "data-reply-to", "data-in-reply-to",
                     "data-replyto", "data-parent-comment-id")
IN_REPLY_TO_XPATH = (".//a[starts-with(@href, '#')][contains(@class, 'in-reply-to') or contains(@class,"
                     " 'reply-to') or contains(@class, 'parent') or ancestor::*[contains(@class,"
                     " 'in-reply-to')]]")

# ---------------------------------------------------------------- comment text
BODY_NAME = re.compile(r"body|content|text|message|entry", re.IGNORECASE)
NOT_BODY_NAME = re.compile(r"meta|author|header|footer|title|date|time|avatar|info|profile|reply|action|sig",
                           re.IGNORECASE)
META_PART_WORDS = frozenset({"meta", "metadata", "date", "time", "published", "posted", "timestamp", "avatar",
                             "vcard", "header", "head", "author", "byline", "info", "num", "number", "permalink",
                             "rating", "vote", "votes", "count", "signature"})
ACTION_NAME_WORDS = frozenset({"actions", "action", "tools", "toolbar", "vote", "votes", "like", "likes",
                               "share", "sharing", "report", "flag", "permalink", "edit", "buttons", "controls",
                               "rating", "reply"})
ACTION_TEXT = re.compile(r"^(reply|replies|share|report|flag|like|likes|quote|edit|delete|permalink|link|"
                         r"upvote|downvote|load more|reply to \S+|report (this|comment|abuse)|"
                         r"\d+\s*(likes?|replies|points?|votes?)|[↑↓▲▼+\-]?\s*\d*)\W*$", re.IGNORECASE)
# Comment-area furniture that is never a comment's text.
FURNITURE_TEXT = re.compile(r"^\W*(no comments( yet)?|comments are closed|be the first to comment|"
                            r"leave a (reply|comment|response)|post a comment|add (a )?comment|"
                            r"\d+ (comments?|responses?|replies)|(log|sign) in to (comment|reply)|"
                            r"click to cancel reply|cancel reply|loading( comments)?)\W*$", re.IGNORECASE)
# Automatic link notices listed with the comments, not written by readers.
NOT_COMMENT_TEXT = re.compile(r"^\W*(pingback|trackback)\b", re.IGNORECASE)
# A teaser (related post, recent post) has a linked title of at least this many words.
TEASER_TITLE_WORDS = 4
TEASER_LINK_SHARE = 0.8
MIN_PROSE_WORDS = 1  # comment text outside links, headers and action bars
# A comment item whose text is mostly trafilatura's article is the article (unless strongly named).
ARTICLE_OVERLAP_SHARE = 0.5

# ---------------------------------------------------------------- page blocks
META_WORDS = frozenset({"byline", "author", "dateline", "date", "time", "published", "posted", "meta",
                        "timestamp", "updated", "credit", "credits", "kicker"})
TITLE_HEADINGS = frozenset({"h1", "h2", "h3"})  # a heading repeating the document title is the title
TITLE_PART_SHARE = 0.5  # ... or at least this share of it ("Blog name: Post title")
NEAR_ANCESTORS = 3  # caption/meta markup counts on the element and its two nearest ancestors
SHORT_META_WORDS = 25
TITLE_XPATHS = ("//meta[@property='og:title']/@content", "//meta[@name='og:title']/@content",
                "//meta[@name='twitter:title']/@content")
TITLE_SITE_SUFFIX = re.compile(r"\s+[|\-–—:]{1,2}\s+[^|\-–—:]{1,60}$")

# ---------------------------------------------------------------- text
HTML_MARKUP = re.compile(r"<[A-Za-z!/][^>]*>")
WHITESPACE = re.compile(r"\s+")
CAMEL = re.compile(r"([a-z])([A-Z])")
NON_LETTERS = re.compile(r"[^a-z]+")
TOKEN = re.compile(r"\w+")
