"""Data for the stance stage: general evaluative, reply-cue and discourse-marker lexicons, documented weights.

Nothing here names a debate, a country or a party: these are general English evaluation words
(derogation, wrongdoing, praise), agreement and rebuttal openers, and discourse devices (negation,
contrast, comparison, sarcasm). The debate-specific vocabulary lives in the user's config
(``target_entities``, ``favor_cues`` ...). No logic here: the patterns are compiled in ``patterns.py``.
"""
from __future__ import annotations

# ---- evaluative lexicon: word -> polarity in [-1, 1] -------------------------------------------
# Applied to the entity the word is about (same clause, nearest mention, preceding subject preferred).
# Inflections: a plain-word entry also matches its -s / -ed / -ing / -ly forms (see attribution.lex_lookup).
_NEG_STRONG = """
idiot idiotic moron moronic imbecile stupid stupidity fool foolish liar lie lying deceit deceitful dishonest
criminal crime crook crooked hypocrite hypocritical hypocrisy propaganda propagandist arrogant arrogance corrupt
corruption bully bullying regime thug thuggish tyrant tyranny dictator dictatorship incompetent incompetence
pathetic disgrace disgraceful shameful shameless evil brutal brutality cruel cruelty aggression aggressive
aggressor coercion coercive blackmail extortion extort theft thief thieves steal stole stolen robbery rob loot
plunder invade invasion destroy destruction murder murderer murderous massacre slaughter atrocity atrocities
genocide genocidal oppress oppression oppressive oppressor repression repressive exploit exploitation violate
violation cheat fraud fraudulent scam bogus phoney phony sham farce clown clownish buffoon childish
immature amateurish reckless rogue warmonger warmongering terror terrorist coward cowardly spineless puppet
lackey stooge shill troll sheep brainwashed indoctrinated ignorant ignorance delusional deluded nonsense
rubbish garbage bullshit bs junk crap drivel hogwash brazen bluster posturing grandstanding
smug hubris greedy greed selfish racist bigot bigoted fascist fascism nazi authoritarian totalitarian
despot despotic autocrat autocratic autocracy kleptocracy kleptocrat incompetent failure fail disastrous disaster
catastrophe catastrophic hostile menace sinister vile disgusting despicable contemptible loathsome appalling
outrageous scandal scandalous lawless illegal illegitimate unlawful abuse abusive bullies bullied  
manipulate manipulative manipulation subvert sabotage meddle meddling interfere interference    
    arrogantly insane lunatic crazy deranged hysterical paranoid racket mafia gangster gangsters
pirate pirates parasite parasites traitor treason servile weak weakness feeble inept useless worthless
hollow empty lame clueless tone-deaf narrow-minded short-sighted misguided wrongheaded ridiculous absurd
laughable ludicrous preposterous shameful disgraced sleazy sleaze slimy snake snakes
ruin ruinous wreck shambles shambolic embarrassing embarrassment laughingstock fiasco debacle mess farcical
wasteful squander overpaid gutless lazy entitled negligent negligence irresponsible unfit unacceptable
inexcusable dreadful terrible horrible awful atrocious abysmal woeful dire rotten toxic dodgy shady
fined convicted prosecuted indicted lecture preach preachy sanctimonious condescending patronising patronizing
threaten intimidate intimidation smear scapegoat
"""
_POS_STRONG = """
admire admirable admiration respect respectable respected sensible reasonable competent competence capable
professional professionalism wise wisdom smart intelligent brilliant honest honesty principled fair fairness
decent decency credible credibility credit praise praiseworthy commend commendable impressive impressively
excellent effective skilled skillful skilful statesman statesmanlike dignified dignity calm measured rational
realistic pragmatic constructive peaceful generous kind successful success succeed deserve deserved hero
heroes heroic brave courage courageous strong strength visionary trustworthy reliable responsible
thoughtful mature civilised civilized legitimate lawful moral ethical righteous noble rightly correctly wisely
bravely sensibly admirably
legend legendary superb outstanding fantastic terrific wonderful deserving dedicated hardworking tireless
sound sane solid fair-minded transparent accountable
"""
LEXICON_WEIGHTS = {"neg": -1.0, "pos": 0.8}  # praise words are slightly weaker evidence than insults
EVALUATIVE: dict[str, float] = {
    **{w: LEXICON_WEIGHTS["pos"] for w in _POS_STRONG.split()},
    **{w: LEXICON_WEIGHTS["neg"] for w in _NEG_STRONG.split()},
}
# Multi-word evaluations (matched on the lower-cased, whitespace-normalised sentence).
EVALUATIVE_PHRASES: dict[str, float] = {
    "well done": 0.8, "good job": 0.8, "great job": 0.8, "hats off": 0.8, "credit to": 0.8, "stand up to": 0.5,
    "stood up to": 0.5, "stands up for": 0.6, 
    "narrow minded": -0.8, "short sighted": -0.7, "out of touch": -0.7, "lip service": -0.6, "double standard": -1.0,
    "double standards": -1.0, "shot itself in the foot": -0.8,
    "shooting itself in the foot": -0.8, "own goal": -0.7, "humiliated": -0.8, "humiliating": -0.8,
    "lost face": -0.6, "human rights abuses": -1.0,
    "human rights violations": -1.0, "war crimes": -1.0, "war criminal": -1.0, "war criminals": -1.0,
    "regime change": -0.8, "meddling in": -0.8, "so-called": -0.5, "so called": -0.5,
    # general stance-taking constructions: support / blame / removal, right or wrong call
    "no clue": -0.8, "no idea what": -0.6, "is the problem": -0.8, "are the problem": -0.8, "a joke": -0.8,
    "must go": -0.9, "should resign": -0.9, "step down": -0.6, "out of their depth": -0.8, "out of his depth": -0.8,
    "out of her depth": -0.8, "holding us hostage": -0.9, "held to ransom": -0.9, "to blame": -0.8, "playing politics": -0.8,
    "wrong call": -0.8, "wrong decision": -0.8, "wrong man": -0.7, "wrong person": -0.7, "made a mess": -0.8,
    "has ruined": -0.9, "have ruined": -0.9, "waste of money": -0.8, "sat on their hands": -0.7,
    "right call": 0.8, "right decision": 0.8, "the right thing": 0.7, "stand with": 0.8, "standing with": 0.8,
    "solidarity with": 0.8, "support the": 0.6, "i support": 0.6, "we support": 0.6, "thanks for everything": 0.8,
    "thank you for everything": 0.8, "good on": 0.7, "fair play to": 0.7, "credit where": 0.7, "about time": 0.5,
    # derogation constructions: "X can't even ...", "acting like ...", "the same people who ..."
    "cant even": -0.8, "can not even": -0.8, "acting like": -0.6, "the same ones who": -0.7,
    "the same people who": -0.7,
    "what about": -0.6,  # whataboutism: "what about the council's own spending?" turns criticism on that side
}
# Evaluations only at the start of a sentence ("Typical.", "Typical City Hall.", "So much for the review").
SENTENCE_OPENERS: dict[str, float] = {"typical": -0.8, "so much for": -0.6, "shame on": -1.0, "funny how": -0.6}
# TextBlob's word polarities are a weaker fallback: only clearly subjective words, minus quantity words.
TEXTBLOB_WEIGHT = 0.5
TEXTBLOB_MIN_SUBJECTIVITY = 0.5
TEXTBLOB_MIN_POLARITY = 0.25
TEXTBLOB_SKIP = frozenset("""
more most many much few less least other only real new old first last same big whole full high low long short
major minor little large small certain sure such own main final early late entire common usual general public
national international political military economic foreign domestic particular different special free open
serious strange unique best better
honestly seriously really certainly genuinely surely
mostly primarily largely commonly rarely lately fairly greatly strongly quickly easily freely specially merely mere
hardly primary top latest huge hugely higher greater significant significantly important importantly notable
notably original originally familiar secret secretly filled static rose fly elect cutting crushing thin light hot
cold rich wealthy approximate approximately random randomly ordinary dramatic controversial hazardous uncommon
unprecedented forcible forcibly""".split())
# ^ comparatives ("best", "better") are handled below; stance adverbs ("honestly") mark the speaker's voice, and
#   degree, frequency and plain descriptive words ("mostly", "huge", "light") evaluate no one

# ---- discourse devices ---------------------------------------------------------------------------
NEGATORS = frozenset("""not no never nor neither without hardly barely scarcely cannot cant dont doesnt didnt
isnt wasnt arent werent wont wouldnt shouldnt couldnt aint nothing nobody lack lacks lacking""".split())
INTENSIFIERS = frozenset("pretty real super damn bloody".split())  # like "-ly" adverbs: degree, not evaluation
NEGATION_SCOPE = 4  # tokens after a negator that it flips
NEGATED_FACTOR = -0.6  # "not mature" = -0.6 * mature; "not bad" = mildly positive
RELATIVE_PRONOUNS = frozenset("who whom whose which".split())  # a relative clause is about its head noun
CONTRAST_WORDS = frozenset("but however although though whereas yet while".split())  # start a new clause
BEFORE_CONTRAST_WEIGHT = 0.6  # "X is fine, but ..." : the part after "but" carries the speaker's point
COMPARATIVE_MARKERS = ("than", "compared to", "compared with", "unlike", "in contrast to", "versus", "vs")
COMPARATIVE_WORDS = {"better": 0.7, "worse": -0.7, "superior": 0.7, "inferior": -0.7, "smarter": 0.6,
                     "dumber": -0.6, "safer": 0.5, "stronger": 0.4, "weaker": -0.4, "worst": -0.8}
COMPLEMENT_WEIGHT = 0.7  # the compared entity gets the opposite of the main clause at this weight
SCARE_QUOTE_MAX_WORDS = 4  # "democracy" in quotes = sarcasm; longer quoted spans are someone else's voice
SCARE_QUOTE_FACTOR = -0.5  # praise inside scare quotes is read as sneering
LAUGHTER = frozenset("lol lmao lmfao rofl roflmao haha hahaha lulz".split())
LAUGHTER_POLARITY = -0.3  # laughing at a side ("Leadership lol") mocks it
QUESTION_WEIGHT = 0.7  # rhetorical questions: evaluation counts, but less
SECOND_PERSON = frozenset("you you're youre u ur yourself yourselves ya".split())
SUBJECT_BONUS = 2  # attribution distance penalty for an entity after the word (the subject precedes)
COMMA_PENALTY = 3  # attribution distance penalty per comma between word and entity
SENTENCE_FALLBACK_WEIGHT = 0.6  # word and entity in different clauses of one sentence
CARRY_WEIGHT = 0.5  # a sentence naming no side is about the side named before it ("they", "its")
BOTH_SIDES_WEIGHT = 0.8  # evidence in a sentence naming both sides (attribution is less certain)

# ---- frames around a word: whose words, and about what --------------------------------------------
# A word after a naming frame is someone else's label ("so-called reforms", "what they call democracy"):
# praise there is sneering, and a cue word there counts the other way at SCARE_QUOTE_FACTOR.
NAMING_FRAMES = ("so-called", "so called", "self-styled", "self-proclaimed", "supposed", "supposedly", "alleged",
                 "allegedly", "what they call", "what he calls", "what she calls", "what some call", "what we call",
                 "label it as", "label this as", "label that as", "labelled as", "labeled as", "label as",
                 "in the name of")
# Evaluation of a text someone shares ("a great article", "a dishonest piece") is not about a side.
MEDIA_NOUNS = frozenset("""read article articles post posts piece link video videos thread blog op-ed editorial
column podcast documentary write-up writeup photos pictures""".split())
MEDIA_NOUN_REACH = 2  # tokens from the evaluative word to the noun it modifies ("a dishonest two-page piece")
# Even-handed framing: a comment that puts both sides in the same boat takes neither side.
EVEN_HANDED = ("both sides", "both parties", "both camps", "all sides", "either side", "neither side", "each side",
               "the two sides", "both of them", "plague on both", "as bad as each other", "as bad as the other",
               "six of one")
EVEN_HANDED_FACTOR = 0.2  # its own score (evaluation and cues) counts at this weight
# "both the mayor and Price are ...": one evaluation for every side joined by a conjunction
CONJUNCTIONS = frozenset("and or nor &".split())
COORDINATORS = CONJUNCTIONS | frozenset(", both either neither the".split())  # may stand between the joined names

# ---- reply cues: does a reply agree with or rebut what it answers? -------------------------------
# At the start of the reply's own text (after fillers such as "Well,"); a one-word marker only when
# punctuation follows it ("No." / "Exactly," but not "No country ...").
AGREE_MARKERS = (
    "agreed", "i agree", "totally agree", "i couldn't agree more", "couldn't agree more", "well said",
    "well put", "spot on", "exactly", "precisely", "absolutely", "indeed", "yes", "yep", "yeah",
    "so true", "very true", "quite right", "you're right", "you are right", "good point", "great point",
    "correct", "right on", "hear hear", "amen", "bingo", "nailed it", "same here", "bravo",
    "this", "so much this", "+1", "totally", "true", "yup", "100%", "exactly right", "facts", "preach",
    "thanks for sharing", "thank you for sharing", "thanks for posting", "couldn't have said it better",
    "came here to say this", "seconded", "agreed 100%", "100% agree", "100% this", "this is it", "likewise",
    "good post", "great post", "same story", "same with", "same in", "ours too", "me too",
    "well done", "good one", "nice one", "you're correct", "you are correct",
)
REBUT_MARKERS = (
    "wrong", "you're wrong", "you are wrong", "nonsense", "utter nonsense", "what nonsense", "rubbish",
    "garbage", "baloney", "bs", "bullshit", "no", "nope", "not true", "that's not true", "that is not true",
    "that's false", "false", "untrue", "incorrect", "i disagree", "disagree", "not really", "not so",
    "ridiculous", "absurd", "hardly", "on the contrary", "really?", "seriously?",
    # challenges and sarcastic retorts that open a reply
    "source?", "citation needed", "says who", "proof?", "evidence?", "tell that to", "give me a break",
    "yeah right", "yeah, right", "yeah because", "yeah, because", "sure, because", "sure jan", "so what",
    "and?", "how so?", "since when", "oh please", "come on", "get real", "not even close", "that's a stretch",
    "is a stretch", "nice try", "lol no", "um no", "uh no", "what a load of", "you clearly", "did you even read",
    "do your research", "stop making", "stop spreading", "false equivalence", "strawman", "straw man",
    "whataboutism", "moving the goalposts", "not the same thing", "apples and oranges", "cope",
    "easy to say", "easy for you to say", "easy to mock", "nice way to", "try again", "because that worked",
)
# In the first sentence, not only at its start ...
AGREE_FIRST = ("i agree", "i couldn't agree more", "you're right", "you are right", "well said")
REBUT_FIRST = ("i disagree", "i'd have to disagree", "i must disagree", "you're wrong", "you are wrong",
               "that's not true")
# ... and anywhere when the reply names its addressee.
AGREE_ANYWHERE = ("i agree with you", "i fully agree with you", "you're absolutely right", "you are absolutely right")
REBUT_ANYWHERE = ("i disagree with you", "you're completely wrong", "you are completely wrong", "look it up",
                  "nice strawman", "that's a strawman", "is a stretch", "give me a break", "making stuff up",
                  "making things up", "making it up", "did you even read", "not the same thing",
                  # dismissals of the interlocutor's complaint
                  "if you don't like it", "if you dont like it", "get over it", "keep telling yourself",
                  "whatever helps you sleep", "educate yourself", "so you're saying", "so you are saying",
                  "if anyone read it", "if anyone bothered to read", "try again")
ANSWER_WORDS = frozenset("yes yep yeah yup no nope nah correct true".split())  # after an info question: an answer
ECHO_MAX_WORDS = 4  # "Six years?" / "Responsible?": a short question echoing the parent's words is a challenge
HOSTILE_REPLY = -0.9  # insults aimed at "you" (sum of lexicon polarities) at or below this make a reply a rebuttal
FILLER_WORDS = ("well", "oh", "ah", "um", "hmm", "and", "but", "sorry", "lol")  # skipped before a reply cue
CONDITIONAL_OPENERS = ("if", "unless", "assuming")  # "If you mean X, I'd disagree" hedges, it takes no side
CONCESSION_WORDS = ("but", "however", "although", "though", "yet", "whereas", "still", "nevertheless")
CHALLENGE_OPENERS = ("and", "so")  # "And the fees bother you?": a question to "you" opened so challenges

# ---- participants: who is addressed, and which author names mean "unknown" -------------------------
PLACEHOLDER_AUTHORS = frozenset({"", "[deleted]", "deleted", "[removed]", "removed", "anonymous", "anon", "guest",
                                 "unknown", "none", "null", "nan", "n/a", "-"})  # many people: no author node
ATTRIBUTION_VERBS = ("said", "says", "wrote", "writes", "posted")  # "tlj13 said:" before a quote names its author

# ---- capitalised words that name no one, and the head words of a target phrase ------------------------
NOT_NAMES = frozenset("""i im ive id ill the this that these those a an and but or if so it its he she they we you my
our your his her their mr mrs ms dr re ok lol yes no not why what when where who how there here then also just
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december god""".split())
TARGET_STOP = frozenset("""the a an this that these those its their his her our my your new proposed planned
current recent government official position policy plan""".split())
TARGET_BREAK = frozenset("for in of on against about with over by at from under into between as".split())
NT_FORMS = frozenset("don't doesn't didn't isn't wasn't aren't weren't won't wouldn't can't couldn't shouldn't ain't".split())
SOFT_FOR_YOU = frozenset({"fail", "weak", "lie"})  # said to "you", these are no insult
