"""Deterministic extraction of what a question is about.

Category, status, period, claim id, aggregate measure, ordering ("most expensive"), categories
compared, a request to change a claim, and signs that it asks about somebody else.

``canonical`` first rewrites what users type into the words the rest understands: common Malay
benefit words and texting shorthand become their English gloss ("baki gigi tahun lepas" →
"balance dental last year", "dental bal?" → "dental balance?"), greetings and courtesy phrases
are dropped, and a misspelt vocabulary word becomes the word ("dentel" → "dental"). Used by the
offline baseline. Everything here is plain pattern matching on the question text; the word
lists are in ``LEXICON`` (the contamination check reads them too).
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass, replace
from datetime import date

from rapidfuzz.distance import DamerauLevenshtein

from workbench.agent import filters, periods, rules
from workbench.agent.periods import Span
from workbench.claims import AS_OF

#: Malay (and Manglish) words and phrases users mix into questions, with their English gloss.
#: Longer phrases first, so "doktor gigi" wins over "doktor". Written from general Malay, not
#: from eval cases.
MALAY = {
    "doktor gigi": "dentist", "klinik gigi": "dental clinic", "cermin mata": "glasses",
    "kanta lekap": "contact lenses", "kesihatan mental": "mental health",
    "saringan kesihatan": "health screening", "pemeriksaan kesihatan": "health screening",
    "bulan ni": "this month", "bulan ini": "this month", "bulan lepas": "last month",
    "tahun ni": "this year", "tahun ini": "this year", "tahun lepas": "last year",
    "berapa banyak claim": "how many claims", "berapa banyak tuntutan": "how many claims",
    "berapa claim": "how many claims", "berapa tuntutan": "how many claims", "berapa banyak": "how much",
    "berapa lagi": "how much is left", "paling mahal": "most expensive",
    "paling besar": "largest", "paling murah": "cheapest", "macam mana": "how", "kena tolak": "rejected",
    "dalam proses": "pending", "had tahunan": "annual limit",
    "baki": "balance", "tuntutan": "claim", "klaim": "claim", "gigi": "dental", "klinik": "GP clinic",
    "doktor": "doctor", "pakar": "specialist", "pembedahan": "surgery", "kaunseling": "counselling",
    "berapa": "how much", "jumlah": "total", "purata": "average", "ditolak": "rejected",
    "diluluskan": "approved", "lulus": "approved", "dibayar": "paid",
    "layak": "eligible", "dilindungi": "covered", "ditanggung": "covered", "isteri": "wife",
    "suami": "husband", "anak": "child", "bersalin": "maternity", "mengandung": "pregnant",
    "bagaimana": "how", "bila": "when", "siapa": "who", "kenapa": "why", "hubungi": "contact",
    "resit": "receipt", "dokumen": "documents", "hantar": "submit", "terbesar": "largest",
    "batalkan": "cancel", "batal": "cancel", "padam": "delete", "luluskan": "approve", "ubah": "change",
    "saya": "my", "untuk": "for", "pula": "what about", "pulak": "what about", "ubat": "medicine",
    "kat mana": "where", "di mana": "where", "boleh": "can", "nak": "want to", "dah": "already",
    "masih": "still", "terbaru": "latest", "senarai": "list", "tunjuk": "show", "semua": "all",
    "berapa kali": "how many times", "guna": "use", "pakai": "use", "ada apa": "what are there",
    "yang mana": "which", "apa": "what", "mana": "which", "bulan": "month", "tahun": "year",
    "sudah": "already", "belum": "not yet", "kos": "cost", "bayar": "pay", "semak": "check",
    "tengok": "check", "beritahu": "tell", "bagitau": "tell", "tolong": "please", "keluarga": "family",
    "ibu bapa": "parents", "ayah": "father", "ibu": "mother", "lebih": "more", "kurang": "less",
    "atau": "or", "berbanding": "compared with", "beza": "difference", "bezanya": "the difference",
    "mahal": "expensive", "murah": "cheap", "besar": "large", "terakhir": "last", "terkini": "latest",
    "pertama": "first", "sakit": "sick", "ubat-ubatan": "medicine", "perubatan": "medical",
    "cermin": "glasses", "mata": "eye", "gim": "gym", "rawatan": "treatment", "bil": "bill",
    "permohonan": "application", "mohon": "apply", "status": "status", "lagi": "left", "yang": "that", "tahu": "know",
    "masih ada": "still left", "ada": "any", "tukar": "change", "jadi": "to", "buang": "delete",
    "hapus": "delete", "naikkan": "increase", "ringgit": "MYR", "minggu": "week", "semalam": "yesterday",
    "spek": "glasses", "bawah": "under", "takde": "no", "tiada": "no", "punya": "kind",
    "paling tinggi": "highest", "paling rendah": "lowest", "paling banyak": "most", "tinggal": "left",
    "cukup": "enough", "kena minta": "need to ask for", "kena": "need to", "minta": "ask for", "baru": "new",
    "sama": "same", "jumpa": "see", "mak": "mother", "abah": "father", "bapa": "father",
    "daripada": "from", "hari tu": "that", "tu": "that", "semua sekali": "altogether", "tapi": "but", "je": "only",
    "sesiapa": "anyone", "cakap": "talk", "rasa": "feel", "cuti tahunan": "annual leave", "cuti sakit": "sick leave",
    "cuti": "leave", "demam": "fever", "kad": "card", "bawa": "bring", "pergi": "go", "kena reject": "rejected",
    "dah approve": "already approved", "dah lulus": "already approved", "belum approve": "not yet approved",
    "tak approve": "not approved", "approve berapa": "approved how much", "macam mana nak": "how do I",
    "mengadu": "complain", "adu": "complain", "rayuan": "appeal", "merayu": "appeal", "kat": "at",
    "nombor": "number", "telefon": "phone", "emel": "email", "jam": "hours", "kecemasan": "emergency",
    "tahun depan": "next year", "bulan depan": "next month", "depan": "next", "bawa ke": "carry over to",
    "hantar balik": "resubmit", "hantar semula": "resubmit", "submit balik": "resubmit", "balik": "back",
    "duit masuk": "money credited", "duit": "money", "gaji": "salary", "sebab": "because", "kawan": "friend",
    "cakap dengan": "talk to", "orang": "person", "manusia": "human", "pun": "also",
    "juga": "also", "wad": "ward", "malam ni": "tonight",
    "perlu": "need", "mahu": "want", "hendak": "want to", "sendiri": "myself",
    "dapat balik": "got back", "lagi banyak": "more", "lagi sikit": "less", "satu-satu": "each",
    # Malay "had" (limit) only where it cannot be English "had" ("I have just had a baby").
    "had claim": "limit claim", "had tuntutan": "limit claim", "had gigi": "limit dental",
    "had klinik": "limit GP clinic", "had pakar": "limit specialist", "had cermin mata": "limit glasses",
    "had saya": "limit my", "had berapa": "limit how much", "punya had": "limit",
    "surat rujukan": "referral letter", "surat": "letter", "kata": "said", "kalau": "if", "dulu": "first",
    "sebelum": "before", "selepas": "after", "lepas tu": "after that", "belakang": "back", "terima": "accept",
    "saiz": "size", "gambar": "photo", "sikit": "a bit", "dua-dua": "both", "sekali gus": "at once",
    # Ranking words: "dua claim paling mahal", "kedua paling besar", "kategori apa", "paling lama".
    "dua": "two", "tiga": "three", "kedua": "second", "ketiga": "third", "kategori": "category",
    "jenis": "type", "paling kerap": "most often", "kerap": "often", "paling lama": "longest",
    # Malay word order puts "lagi" (more, still) first: "boleh claim lagi berapa" is what is left.
    "lagi berapa": "how much is left", "last sekali": "latest", "paling last": "latest",
    "terakhir sekali": "latest", "pertama sekali": "first", "paling awal": "earliest", "dengan": "with",
    # "banyak lagi" after a noun is "more of it" ("yang tinggal banyak lagi": which has more left).
    "tinggal banyak lagi": "has more left", "banyak lagi": "more",
    # Everyday words around policy, process and contact questions ("ada nombor kaunseling percuma
    # tak?", "dah terlambat ke nak claim?", "manager I boleh nampak tak?"). "pakai buang" (use and
    # throw away) is "disposable", not a request to delete anything.
    "pakai buang": "disposable", "percuma": "free", "sangat": "very", "pasal": "about", "kerja": "work",
    "sekarang": "now", "beli": "bought", "terlambat": "too late", "lambat": "late", "lewat": "late",
    "tahunan": "annual", "puasa": "fast", "suruh": "told", "tanya": "ask", "sini": "here", "sesi": "session",
    "nampak": "see", "rahsia": "confidential", "sulit": "confidential", "berhenti kerja": "resigned",
    "letak jawatan": "resigned", "luar negara": "overseas", "psikologi": "psychology",
    "ahli psikologi": "psychologist", "psikologist": "psychologist", "psikiatri": "psychiatry",
    "temujanji": "appointment", "empat": "four",
    "lima": "five", "enam": "six", "beberapa": "a few",
    # How often, adding someone to the plan, writing something ("dua kali setahun", "masukkan anak
    # dalam plan", "tuliskan email"), and informal family words ("hubby nak claim spek dia").
    "dua kali": "twice", "setahun": "a year", "sekali setahun": "once a year", "masukkan": "add",
    "lahir": "born", "tuliskan": "write", "tulis": "write", "hubby": "husband", "wifey": "wife",
    "hilang": "lost",
    # Malay "ter-" superlatives ("termurah" = cheapest) and "recently" ("baru-baru ni"); "dah guna"
    # (already used) is what has been used of a limit.
    "termurah": "cheapest", "termahal": "most expensive", "terkecil": "smallest", "tertinggi": "highest",
    "terendah": "lowest", "terbanyak": "most", "paling kecil": "smallest", "paling sikit": "smallest",
    # Periods that span months ("sejak March sampai sekarang", "suku pertama", "separuh kedua tahun").
    "sejak": "since", "semenjak": "since", "sampai sekarang": "until now", "hingga sekarang": "until now",
    "sampai hari ini": "until today", "dari": "from", "suku pertama": "first quarter", "suku kedua": "second quarter",
    "suku ketiga": "third quarter", "suku keempat": "fourth quarter", "suku tahun": "quarter",
    "separuh pertama": "first half", "separuh kedua": "second half",
    "baru-baru ni": "most recent", "baru-baru ini": "most recent", "paling baru": "most recent",
    "dah guna": "have used", "sudah guna": "have used", "dah pakai": "have used", "sudah pakai": "have used",
    # "biasanya satu claim berapa?" (usually one claim how much?) asks for the typical amount, an average.
    "biasanya": "usually", "selalunya": "usually", "satu": "one",
    # "claim apa" (Malay word order): which claims; "buat claim" is making a claim.
    "claim apa": "which claims", "buat": "make",
    # Filters beyond category and period ("selain klinik": every category but GP; "campur" adds two
    # together); "duit yang masuk" is the money paid out to the user.
    "selain": "except", "selain daripada": "except", "kecuali": "except", "campur": "plus",
    "duit yang masuk": "money credited", "duit masuk semua": "money credited altogether",
    # Joining two asks ("berapa claim serta jumlah ringgit"), a list asked for ("senaraikan") and
    # money that has come in ("duit dah masuk ke?": has it been paid?).
    "serta": "and", "senaraikan": "list them", "duit dah masuk": "money credited",
    # How often ("berapa kali", "paling banyak kali": most times, "paling jarang": least often), among
    # ("antara kategori …"), spent ("habis berapa ringgit"). Lower-case "dan" (and) is glossed in ``canonical``
    # so that "Dan" stays a name.
    "kali": "times", "banyak kali": "many times", "paling banyak kali": "most often", "paling kerap kali": "most often",
    "jarang": "rarely", "paling jarang": "least often", "paling kurang": "least", "antara": "among",
    "di antara": "among", "habis": "spent", "dah habis": "already spent", "habis tu": "so", "belanja": "spent",
    # "kira sekali" (count in as well): the figures added together ("klinik dengan cermin mata, kira sekali").
    "kira sekali": "counted together", "campur sekali": "added together", "kira semua": "counted together",
    # "awal" is the start of a period ("sejak awal April": since the start of April).
    "sejak awal": "since the start of", "semenjak awal": "since the start of", "dari awal": "from the start of",
    "sebelumnya": "before that", "selepasnya": "after that",
}
#: Texting shorthand, glossed like the Malay words (written from general chat usage).
SHORTHAND = {
    "bal": "balance", "bals": "balances", "amt": "amount", "clm": "claim", "clms": "claims", "yr": "year",
    "yrs": "years", "tot": "total", "pls": "please", "plz": "please", "u": "you", "ur": "your",
    "hw": "how", "hv": "have", "wat": "what", "wht": "what", "whr": "where", "thx": "thanks", "tq": "thanks",
    "rm": "MYR", "ltd": "limit", "lmt": "limit", "appt": "appointment", "dr": "doctor", "dept": "department",
    "stat": "status", "hist": "history", "prev": "previous", "mth": "month", "mths": "months", "w/": "with",
    "abt": "about", "b4": "before", "wen": "when", "cn": "can", "nt": "not", "dnt": "don't", "idk": "I don't know",
    "opt": "optical", "no.": "number", "num": "number", "wats": "what's", "whts": "what's", "tho": "though",
    "mch": "much", "stil": "still", "hav": "have", "ths": "this", "teh": "the", "btw": "by the way", "wiht": "with",
    "r": "are", "cal": "call", "frm": "from", "aftr": "after", "tmrw": "tomorrow", "mistak": "mistake",
    "lft": "left", "avail": "available", "lst": "list", "acc": "account", "n": "and", "whos": "who's",
    "tlk": "talk", "ppl": "people", "msg": "message", "docs": "documents", "doc": "document", "asap": "soon",
    # "lst" is "last" before a period ("lst year"), "list" otherwise ("lst of my claims").
    "lst year": "last year", "lst yr": "last year", "lst month": "last month", "lst mth": "last month",
    "lst week": "last week", "kdis": "kids", "kiddos": "kids", "inlaws": "in-laws",
    # vowels dropped, as in "mch" and "stil": "my newst dental claim"
    "newst": "newest",
    # "payed" for paid is a common misspelling (a real word, so the fuzzy matcher keeps it); "tht" is "that".
    "payed": "paid", "tht": "that",
    # amount thresholds with vowels dropped ("ovr RM200", "abv RM100")
    "ovr": "over", "abv": "above",
}
# Greetings, thanks and "could you please tell me": they carry no meaning for routing and, in a
# long polite question, drown out the words that do.
_PLEASANTRIES_RE = re.compile(
    r"^\W*(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|greetings|salam)\b[^,.!?]*?(?:[,.!?]+|$)\s*|"
    r"(?:^|(?<=[.?!,])\s*)(?:many )?(?:thank you|thanks|thank u|cheers|appreciate it|much appreciated|"
    r"terima kasih)\b[^?]*$|"
    r"\b(?:sorry to (?:bother|trouble) you|if (?:it'?s )?(?:not too much trouble|possible)|"
    r"i was wondering|i'?d like to know|i would like to know|may i know|can i know|"
    r"just wanted to (?:ask|check)|(?:would|will) it be possible to|is it possible to|may i check|"
    r"(?:i(?: would|'d) )?appreciate (?:it )?if you could(?: advise| tell me| share)?|could you (?:share|provide)|"
    r"(?:best |kind |warm )?regards\b.*$)\b,?\s*|^\W*(?:ok(?:ay)?,? )?(?:thanks|thank you)\b[^.!?]*[.!]\s*|"
    r"\b(?:could|can|would|will) you (?:please |kindly |help (?:me )?)?(?:tell me|let me know|check|find out|"
    r"confirm|advise)\b\s*|"
    # "could you show me the claims …": the courtesy goes, the request to show (a list) stays
    r"\b(?:could|can|would|will) you (?:please |kindly )?(?=show\b)|\b(?:please|kindly)\b,?\s*", re.I)
# "2 bulan lepas" is two months ago, not last month: a time since something, not a period to filter on.
_AGO_UNITS = {"hari": "days", "minggu": "weeks", "bulan": "months", "tahun": "years"}
_AGO_RE = re.compile(r"\b(\d+|dua|tiga|empat|lima|enam|beberapa) (hari|minggu|bulan|tahun) (?:lepas|lalu|yang lalu)\b",
                     re.I)
# Malay's "-kan" on an English verb ("approvekan", "cancelkan"): the verb.
_KAN_RE = re.compile(r"\b(approve|cancel|update|delete|change|submit|check|settle|process|claim)kan\b", re.I)
# Manglish "I" after a noun is "my" ("baki I cukup tak", "husband I pun"), before a Malay particle.
_POSSESSIVE_I_RE = re.compile(r"\b([A-Za-z]+) I\b(?=\s*(?:yang|pun|dalam|cukup|tak|ke|ni|tu|ada|masih|lagi|untuk|"
                              r"dah|nak|boleh|[,.?!]|$))")
_BEFORE_SUBJECT_I = {"can", "do", "did", "does", "have", "had", "am", "should", "could", "would", "will", "may",
                     "must", "shall", "boleh", "nak", "dah", "if", "and", "so", "then", "what", "how", "when",
                     "where", "why", "that", "but", "or", "because", "cause", "coz", "sebab", "kalau", "bila"}
# "saya" is "my" after a noun ("baki saya") but "I" as the subject: after a verb ("boleh saya",
# "can I") or opening a clause before one ("saya nak tahu", "I want to know").
_SAYA_VERBS = ("boleh", "nak", "dah", "sudah", "mahu", "hendak", "perlu", "kena", "tak", "tidak", "pernah",
               "masih", "belum", "dapat", "tuntut", "hantar", "bayar", "guna", "ada", "bila", "kenapa")
_SAYA_I_RE = re.compile(rf"\b(?:{'|'.join(_SAYA_VERBS)}) (saya|aku)\b"
                        rf"|(?:^|[,.;?!] )(saya|aku)(?= (?:{'|'.join(_SAYA_VERBS)})\b)", re.I)
#: Words that a misspelling is corrected to (categories, statuses and the words that route).
VOCABULARY = (
    "balance", "balances", "claim", "claims", "claimed", "limit", "remaining", "status", "dental",
    "dentist", "optical", "glasses", "spectacles", "specialist", "hospital", "hospitalisation",
    "screening", "wellness", "counselling", "therapy", "mental", "health", "outpatient", "clinic",
    "doctor", "rejected", "approved", "pending", "submitted", "declined", "average", "total",
    "covered", "coverage", "reimbursement", "receipt", "hotline", "maternity", "escalate",
    "expensive", "largest", "cheapest", "physiotherapy", "insurance", "number", "phone", "contact",
    "bluefin", "kestrel", "deadline", "documents", "submit", "expedite", "approve", "delete", "cancel", "waiting",
    "approval", "appeal", "priciest", "minimum", "amount",
    # filter words, so "exept mentel health" still leaves a category out
    "except", "excluding", "separately",
    "withdraw", "update", "amend", "modify", "change", "category", "difference", "highest", "biggest",
    "lowest", "smallest", "costliest", "entitlement", "allocation", "allowance", "submitted",
    "speak", "person", "latest", "recent", "heftiest", "unused",
    # date orders, so "erliest", "oldes", "newst" still rank by date
    "earliest", "oldest", "newest",
    # family members, so "is my husbnd coverd?" is still a question about family cover
    "husband", "spouse", "children", "daughter", "parents", "mother", "father",
    # ordinals of quarters and halves, so "the thrid quarter" still reaches ``periods``
    "second", "third", "fourth", "quarter",
)
# Real words one edit away from a vocabulary word (found by running the matcher over every word
# of the knowledge base): they are not typos.
_NOT_TYPOS = {"contract", "insured", "approves", "healthy", "detail", "details", "mental", "psychotherapy",
              "receive", "received", "receives", "optional", "yeah", "whet", "mace",
              # four-letter words that are a longer short word with letters left out ("send" ⊂ "spend")
              "send", "sped", "pend", "spit", "slit", "sill", "till", "lit", "sit", "longest",
              "further", "account",  # "take this further" is not "father", nor "her account" "amount"
              "earlier", "nearest"}  # nor "an earlier claim" the earliest, nor "the nearest clinic" the newest
# ("clam" is not among them: nobody asks a claims assistant about shellfish; "did my clam get thru" is a claim.)

_CATEGORY_WORDS = {
    "MENTAL_HEALTH": r"mental[ -]health|counsell?ing|therap(?:y|ist)|psycholog\w*|psychiatr\w*",
    "SCREENING": r"screening|health[ -]?check|medical check[ -]?up|check[ -]?up",
    "SPECIALIST": r"specialists?|consultants?|cardiolog\w*|dermatolog\w*|\bent\b",
    "HOSPITAL": r"hospital\w*|surgery|surgical|admission|admitted|in-?patient",
    "DENTAL": r"dental|dentist\w*|teeth|tooth|scaling|fillings?",
    "OPTICAL": r"optical|glasses|spectacles|lens(?:es)?|optometr\w*|eye ?wear|eyes?\b",
    "WELLNESS": r"wellness|gym|fitness|yoga|sports?",
    "GP": r"\bgps?\b|general practitioner|outpatient|doctor'?s? visits?|clinic visits?",
}
_CATEGORY_RES = {code: re.compile(rf"(?:{words})", re.I) for code, words in _CATEGORY_WORDS.items()}
_STATUS_WORDS = {
    "rejected": r"reject\w*|declin\w*|denied",
    "pending": r"\bpending|under review|in review|being processed|waiting for approval|awaiting|still processing|"
               r"not yet approved",
    "submitted": r"\bsubmitted\b(?! (?:in|during|for|last|this))",
    "paid": r"\bpaid\b(?! (?:out )?for)",
    "approved": r"approved",
}
_ORDER_WORDS = {
    "largest": r"most expensive|largest|biggest|highest|priciest|costliest|most costly|cost(?:s|ed)? the most|"
               r"top (?:claim|expense)s?|heftiest|steepest|dearest|"
               # terse "max claim August"; not the most one may claim ("max I can claim", "max allowed")
               # nor a size or limit asked in Malay order ("saiz file max berapa?": how big a file may be)
               r"(?<!size )(?<!file )max(?! (?:i|you|we|can|allowed|limit|claimable|amount (?:i|you) can|how)\b)",
    "smallest": r"cheapest|smallest|lowest|least expensive|least costly|least pricey|cost(?:s|ed)? the least|tiniest|"
                r"(?<!size )(?<!file )min(?! (?:i|you|we|can|allowed|limit|claimable|amount (?:i|you) can|how)\b)",
}
# A request to the assistant to change a claim (it can't: nothing here writes), not a question
# about how the user can do it themself ("how do I cancel a claim?" is a how-to question).
_ACTION_RE = re.compile(
    r"\b(?:approve|edit|delete|cancel|withdraw|remove|change|(?<!any )(?<!an )update(?! (?:me|on|about)\b)|"
    r"amend|modify|reopen|resubmit|re-submit|override|expedite|speed up|reverse|move|transfer|reclassify|"
    r"recategori[sz]e|switch|split|merge|combine|bump|prioriti[sz]e|fast-?track|rush|appeal|refund|resend|re-send|"
    r"increase|reduce|lower)\b"
    r"(?:(?!\b(?:how|when|where|why|if)\b).){0,30}?\b(?:claims?|CLM\d{7})\b"
    # "can you just delete that one": the claim named in an earlier turn
    r"|\b(?:approve|delete|cancel|withdraw|remove|amend|modify|reopen|expedite|reverse|resubmit|switch|move|"
    r"override|overturn)\s+"
    r"(?:it|that|this|them|those)(?: one)?\b"
    # "push CLM… through", "mark it as paid"
    r"|\bpush\b.{0,30}\bthrough\b|\bmark (?:it|this|that|them|CLM\d{7})(?: one)? as\b"
    r"|\b(?:bump|move|push)\s+(?:it|this|that|them)\s+up\b"
    r"|\b(?:increase|raise|top up|reset|extend)\b.{0,20}?\b(?:limit|balance)\b"
    # "can you submit my dental claim for me": the assistant cannot file claims either
    r"|\b(?:you|u)\b (?:\w+ ){0,3}?(?:submit|file|lodge|fill (?:in|out))\b.{0,30}\b(?:claims?|forms?)\b.{0,15}"
    r"\bfor me\b"
    # an order to file a claim ("submit claim optical I terus"), not a question about how to
    r"|^\W*(?:submit|file|lodge)\s+(?:\w+\s+){0,2}?claims?\b(?!.*\b(?:how|where|when|what|which|can i|deadline)\b)"
    # "change my grade to Manager", "recalculate my limits": records no one here can change
    r"|\b(?:change|update|set|upgrade|recalculate)\s+my\s+(?:grade|limits?|balances?|entitlements?)\b", re.I)
# "withdraw pending claim how", "booking how?" (Malay "… macam mana?"): a verb, then "how" ending the question.
_HOW_LAST = (r"\b(?:claim|submit|book\w*|withdraw|cancel|appeal|apply|register|get|make|fix|correct|amend|"
             r"upload|send|file|resubmit|escalate|change|update|do)\b(?: [\w-]+){0,4} how\b(?=\W*(?:\?|$))")
HOW_TO_RE = re.compile(r"\b(?:how (?:do|can|should|would) i|how to|what(?:'s| is) the (?:process|procedure|way)|"
                        r"can i|am i able|is it possible for me|who (?:do|can|should) i|where (?:do|can) i)\b|"
                        + _HOW_LAST, re.I)
HOW_LAST_RE = re.compile(_HOW_LAST, re.I)
# The user asking what they should do themself ("do I edit the old claim or make a new one?").
_USER_DOES_RE = re.compile(r"\b(?:do|should|must|shall) i\b", re.I)
# The act is the user's own, the reason they ask: "explain the reason so I can resubmit it properly".
_FOR_ME_TO_DO = re.compile(r"\bso (?:that )?i (?:can|could|may|will|am able to)\s+(?:\w+\s+)?$", re.I)
# A request for the assistant to pass a claim on or to record something about it ("forward my
# rejected claim to the HR Benefits Manager on my behalf", "email my receipts to Bluefin", "mark my
# gym claim as paid"): nothing here sends or writes. An order or "can you …", not "how do I send …".
_ACT_REQUEST_RE = re.compile(
    r"\b(?:you|u)\b(?: [\w-]+){0,8} on (?:my|our) behalf\b"
    r"|^\W*(?:forward|send|e-?mail|mark|flag|pay out)\s+(?:my|the|this|that|these|those|it|them|CLM\d{7})\b"
    r"(?!.*\b(?:how|where|when|which|who|whom|what)\b)"
    r"|\b(?:can|could|would|will) (?:you|u) (?:just |also )?(?:forward|send|e-?mail|pass|mark|flag|pay out)\b(?! me\b)"
    r"(?: [\w-]+){0,6}? (?:claims?|receipts?|bills?|documents?|CLM\d{7})\b"
    r"|\bmark (?:my |the |this |that )?(?:[\w-]+ ){0,3}?claims? as\b", re.I)
_FAMILY_RE = re.compile(r"\b(?:wife|husband|spouse|partner|son|daughter|child|children|kids?|baby|babies|twins?|"
                        r"newborns?|in-laws?|(?:mother|father|parents?)-in-law|"
                        r"parents?|mother|father|mum|mom|dad|dependants?|dependents?|family)\b", re.I)
# Words of a policy question about a family member ("is my wife covered for maternity?").
_COVERAGE_RE = re.compile(r"\b(?:cover\w*|eligib\w*|entitle\w*|includ\w*|insured|dependants?|dependents?|"
                          r"enrol\w*|add(?:ed)?|claimable|pay for|paid for|maternity|pregnan\w*|birth|"
                          r"can (?:i|we) claim|benefit for|under (?:my|the) plan|can (?:\w+ ){0,2}use|"
                          r"use (?:\w+ ){0,3}?(?:card|benefits?|plan|cover(?:age)?)|be claimed|under my \w+ benefit|"
                          r"on (?:my|the) (?:[\w-]+ )?(?:card|plan|policy|insurance)|claim (?:[\w-]+ ){1,3}under)\b",
                          re.I)
# Asking for a person to talk to, or to complain: the contacts and escalation page answers it.
ESCALATION_RE = re.compile(
    r"\b(?:who|whom)\b.{0,30}\b(?:contact|call|e-?mail|talk|speak|ask|escalate|complain|write|tell|help|"
    r"advise|explain|clarify|confirm|chase|inform|notify|report|approach|follow up|go to)\b"
    r"|\b(?:speak|talk) (?:to|with) (?:a |an |someone|somebody|a real|hr|the)"
    r"|\b(?:someone|somebody|person|human|anyone|people)\b.{0,30}\b(?:talk|speak|complain|contact|call)"
    r"|\bcomplain\w*|\b(?:number|hotline|line)\b.{0,25}\b(?:call|ring|reach)\b"
    r"|\b(?:phone number|contact (?:details|number)|e-?mail address)\b"
    r"|\bescalat\w*\W+(?:\w+\W+)?(?:e-?mail|contact|number|address|hotline)\b"
    r"|\b(?:eap|hr|bluefin|kestrel|insurer|helpline)\s+(?:phone\s+|contact\s+|hotline\s+)?(?:number|no|hotline|line|"
    r"e-?mail|contact)\b|\b(?:contact|call|e-?mail|ask|talk to|speak to)\s+(?:who|whom)\b"
    r"|\b(?:number|hotline|phone|e-?mail)\b.{0,12}\b(?:for |of )?(?:the )?(?:bluefin|hr|eap|kestrel|insurer)\b"
    r"|\bwho(?:'s|s| is)? in charge\b|\b(?:their|your) (?:phone |contact |hotline )?(?:number|no|e-?mail)\b", re.I)
# Words that ask for records (claims, balances), not for what the plan covers.
_FAMILY_DATA_RE = re.compile(r"\b(?:claimed|claims|balances?|spent|status|history|remaining|left|used|"
                             r"submitted|reimbursed|limit)\b", re.I)
_COMPARE_RE = re.compile(r"\b(?:more|less|fewer|vs\.?|versus|compare\w*|compared|or|difference|between|higher|"
                         r"lower|bigger|smaller)\b", re.I)
# What a comparison of categories compares: amounts or counts. "Does that come out of mental
# health or specialist?" names two categories with "or" but compares nothing.
_MEASURE_RE = re.compile(r"\b(?:more|less|fewer|most|least|higher|lower|bigger|smaller|how (?:much|many)|"
                         r"spen[dt]|spending|claimed|cost|amounts?|totals?|sum|number of|count|average|"
                         r"difference|by how much|vs\.?|versus|compare\w*)\b", re.I)
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_MONTH_RE = re.compile(rf"\b(?:in|during|for)\s+({'|'.join(_MONTHS)})(?:\s+(20\d\d))?\b", re.I)
# A terse month ending the question ("max claim August", "dental total March 2025"): a month of
# claims like "in August". Not "may" as a verb ending a sentence ("…if I may").
_BARE_MONTH_RE = re.compile(rf"\b({'|'.join(m for m in _MONTHS if m != 'may')}|"
                            r"(?<!\bi )(?<!\bwe )(?<!\byou )(?<!\bthey )may)(?:\s+(20\d\d))?\W*$", re.I)
# A month opening the question, before a colon, a comma or "claims" ("April: …", "month April, …",
# "September claims in order"), or after "month" anywhere ("claim month May"): a month of claims.
_LEADING_MONTH_RE = re.compile(rf"(?:^\W*(?:month\s+)?(?=(?:{'|'.join(_MONTHS)})(?:\s+20\d\d)?(?:\s*[:,]|\s+claims?\b))"
                               rf"|\bmonth\s+(?:of\s+)?)({'|'.join(_MONTHS)})(?:\s+(20\d\d))?\b", re.I)
# A month named and then pointed back at ("I lost track of June - which claims do I have for that month?",
# Malay "bulan tu" → "month that"): the month of the claims, wherever it stands.
_MONTH_REFERRED_RE = re.compile(rf"\b({'|'.join(_MONTHS)})(?:\s+(20\d\d))?\b"
                                r"(?=.*\b(?:(?:that|the same|same|said) month|month (?:that|itu|tu))\b)", re.I)
# Money that reached the user ("money credited", "money received"): the approved amount.
_RECEIVED_RE = re.compile(r"\bmoney (?:\w+ ){0,3}?(?:credited|received?|came in|got in|come in)\b|"
                          r"\b(?:received?|got|get) (?:\w+ ){0,2}?money\b|\bpaid out\b", re.I)
# What the plan does at a date (resets, renews, expires): the month after it is no filter on claims.
_PLAN_EVENT_RE = re.compile(r"\b(?:resets?|renew(?:s|ed)?|expires?|lapses?|restarts?|refresh(?:es)?|"
                            r"roll(?:s)? over)\W*$", re.I)
CLAIM_ID_RE = re.compile(r"\bCLM\d{7}\b", re.I)
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
EMPLOYEE_ID_RE = re.compile(r"\bE\d{4,}\b", re.I)
# Anyone in the company at once: always someone else's data.
_EVERYONE_RE = re.compile(
    r"\b(?:(?:everyone|everybody)(?!'?s? (?:time|trouble|effort|hassle)\b)|"
    r"all employees|other employees|other people|another employee|"
    r"someone else|somebody else|each employee|all staff|the whole company|whole team|"
    r"which employees|employees in|(?:across|in) the company|company-?wide|who has the (?:highest|most|lowest))\b",
    re.I)
# A person other than the user. Mentioning one is not asking for their data ("my manager told
# me to ask whether physio counts as wellness"); the patterns below say when it is.
_PERSON = (r"(?:colleague|co-?worker|manager|line manager|boss|supervisor|teammate|team ?mate|team lead|"
           r"friend|intern|subordinate|direct report|ceo|cfo|wife|husband|spouse|partner|son|daughter|"
           r"child|kid|mother|father|mum|mom|dad|parent|sister|brother)s?")
_DATA = (r"(?:balances?|claims?|limits?|spend(?:ing)?|spent|history|status|records?|amounts?|allowances?|"
         r"entitlements?|reimburse\w*|payouts?|usage|dental|optical|gp|wellness|medical|specialist|mental|"
         r"screening|hospital)")
_THIRD_PARTY_RE = re.compile(
    # "my manager's optical balance", "my colleague's claims"
    rf"\b{_PERSON}'s?\s+(?:[\w-]+\s+){{0,2}}?{_DATA}\b"
    # "how much has my manager claimed", "what did my wife spend"
    rf"|\b(?:has|did|does|is|was|have)\s+(?:my|our|the|a)\s+{_PERSON}\s+(?:[\w-]+\s+){{0,2}}?"
    r"(?:claim\w*|spen[dt]|used|got|received|submitted|paid|left)\b"
    # "the balance of my colleague", "claims from my team lead"
    rf"|\b{_DATA}\s+(?:of|from|by)\s+(?:my|our|the|a)\s+{_PERSON}\b"
    # "compare my claims with my teammate's", "more than my colleague"
    rf"|\b(?:compar\w*|than|versus|vs\.?|same as)\b.{{0,40}}\b{_PERSON}\b"
    rf"|\b{_PERSON}\b.{{0,40}}\b(?:compar\w*)\b"
    rf"|\b(?:his|her|their) {_DATA}\b"
    # "baki saringan dia berapa?": Malay "dia" (his/her) after the records
    rf"|\b{_DATA}\b(?:\s+[\w-]+){{0,3}}\s+(?:dia|dorang|diorang|mereka)\b"
    # "how about my colleague Jun? same question": the question before, asked for someone else
    r"|\b(?:how about|what about|same for|and for|and)\s+(?:my|our|the)\s+(?:colleague|co-?worker|manager|boss|"
    r"supervisor|teammate|team ?mate|friend|intern)s?\b",
    re.I)
# Someone else's records asked after with a pronoun: "how much GP they have left", "what has he claimed".
_PRONOUN_RECORDS_RE = re.compile(
    r"\bhow much (?:[\w-]+ ){0,3}?(?:they|he|she) (?:still )?(?:have|has|had|got|claimed|spent|used)\b"
    r"|\b(?:they|he|she)(?:'ve| have| has| had)? (?:already |still )?(?:got left|"
    r"have left|has left)\b|\bwhat (?:have|has|did) (?:they|he|she) (?:claim\w*|spen[dt]|use|used)\b", re.I)
# The person matched asked the user to do something ("my manager asked me to check …").
_ASKED_ME_RE = re.compile(r"\s+(?:has |had |just )?(?:asked|told|wants?|wanted|needs?|reminded|suggested|advised|"
                          r"requested|suruh)\s+(?:me|I|saya)\b", re.I)
_MY_RE = re.compile(r"\b(?:my|mine|saya)\b", re.I)
_THEIRS_RE = re.compile(r"\b(?:he|she|they|his|her|their|him|them|dia|dorang|mereka)\b", re.I)
# A person named by a capitalised name after who they are ("my colleague Ravi Abdullah").
_NAMED_PERSON_RE = re.compile(rf"\b{_PERSON}\s+(?-i:[A-Z][a-z]+)\b", re.I)
# Someone the user knows ("my manager … how much dental he has left": their records, asked by pronoun).
_MY_PERSON_RE = re.compile(rf"\b(?:my|our) {_PERSON}\b", re.I)
# A grade named with a limit ("wellness limit manager?", "allowance for a senior"): about the plan.
GRADE_LIMIT_RE = re.compile(r"\b(?:limits?|allowances?|entitlements?|cover)\W+(?:for\W+)?(?:an?\W+|the\W+)?"
                             r"(?:manager|senior|associate)s?\b(?!'s)", re.I)
# The user's own records named: "my claim(s)", "I claimed", "have I spent".
_OWN_RECORDS_RE = re.compile(r"\bmy (?:own )?(?:\w+ )?(?:claims?|receipts?|bills?|reimbursements?)\b(?!')|"
                             r"\b(?:have|did) i (?:\w+ )?(?:claim\w*|spen[dt]|submit\w*|paid|pay)\b|"
                             r"\bi(?:'ve| have)? (?:claimed|spent|submitted|paid)\b", re.I)
# The user's own records in the plural, however described ("my three largest claims").
_OWN_PLURAL_RE = re.compile(r"\bmy (?:[\w-]+ ){0,4}?(?:claims|receipts|bills|records|reimbursements)\b", re.I)
# A person's records, not their treatment: "my wife's claims", "has my husband claimed".
_RECORD_OF_PERSON_RE = re.compile(r"'s?\s+(?:[\w-]+\s+){0,2}?(?:balances?|claims?|limits?|spend\w*|spent|"
                                  r"history|status|records?|amounts?|allowances?|entitlements?|usage)\b|"
                                  r"\b(?:has|did|does|is|was|have)\s+(?:my|our|the|a)\s|"
                                  r"\b(?:compar\w*|than|versus|vs\.?|same as)\b|\b(?:his|her|their)\b", re.I)
# A capitalised name in the possessive ("Wei Lim's") or after of/for/by ("claims of Aisha Rahman").
# Case-sensitive on purpose: "balance's" or "doctor's" are not names.
# Also a full name as the subject of a question ("How much has Aisha Chong claimed?").
_NAME_RE = re.compile(r"\b([A-Z][a-z]+(?: [A-Z][a-z]+)?)'s\b"
                      # "Xin Jayaramans dental balance": a possessive typed without its apostrophe
                      r"|\b([A-Z][a-z]+ [A-Z][a-z]+)s\s+(?:[\w-]+\s+){0,2}?(?:balances?|claims?|limits?|spend\w*)\b"
                      # "Irene Wong pending claims": a full name opening a terse request
                      r"|^\W*([A-Z][a-z]+ [A-Z][a-z]+)\s+(?:[\w-]+\s+){0,2}?(?:balances?|claims?|limits?)\b"
                      r"|\b(?:of|for|by|about|has|did|does|is|was|can|claims?|balances?|check|show|see|"
                      r"limits?) ([A-Z][a-z]+ [A-Z][a-z]+)\b")
# A full name weighed against the user ("my claims vs Ben Rahman", "with Aisha Tan, who claimed more?"):
# "with" alone could name a provider ("my claim with Optik Bintang"), so a comparison word must be there too.
_COMPARED_NAME_RE = re.compile(r"\b(?i:with|against)\s+([A-Z][a-z]+ [A-Z][a-z]+)\b"
                               r"(?=.*\b(?i:who|whom|more|less|fewer|higher|lower|compar\w*|than|vs|versus|"
                               r"difference)\b)|\b(?i:than|vs\.?|versus)\s+([A-Z][a-z]+ [A-Z][a-z]+)\b")
# Capitalised words that are not people, so "Bluefin's hotline" is not a third party.
_NOT_PEOPLE = {"bluefin", "kestrel", "labs", "assurance", "hr", "eap", "gp", "what", "who", "that",
               "it", "there", "let", "here", "today", "doctor", "clinic", "hospital", "company",
               "insurer", "employer", "plan", "group", "medical", "benefits", "health", "mental",
               "screening", "dental", "optical", "wellness", "specialist", "where", "how", "when", "claim",
               "claims", "status", "balance", "limit", "total", "history", "policy", "year", "month"}


@dataclass(frozen=True)
class Entities:
    """What the question names. ``None`` means not mentioned."""

    category: str | None = None
    status: str | None = None
    year: int | None = None
    start: date | None = None
    end: date | None = None
    claim_id: str | None = None
    claim_ids: tuple[str, ...] = ()  # every claim id named, in order
    metric: str | None = None  # "sum" | "count" | "avg"
    field: str = "amount_claimed"
    latest: bool = False
    third_party: str | None = None  # the phrase that points at someone else
    order: str | None = None  # "largest" | "smallest": a superlative over the user's claims
    categories: tuple[str, ...] = ()  # every category named, in order ("dental or optical")
    compare: bool = False  # two or more categories compared ("more on dental or optical?")
    action: str | None = None  # the phrase asking the assistant to change a claim
    family: bool = False  # names a family member in a question about cover (a policy question)
    family_patient: bool = False  # the user's own claims for a family member's treatment
    period: str | None = None  # how the answer names a period spanning months ("Q2 2026"); start/end bound it
    periods: tuple[Span, ...] = ()  # every period spanning months named, in order ("Q1 and Q2")
    excluded: tuple[str, ...] = ()  # categories left out ("everything except hospital"); see ``filters``
    min_amount: float | None = None  # claims over this amount only ("over RM100")
    max_amount: float | None = None  # claims under this amount only ("under RM50")

    def merged_with(self, earlier: Entities) -> Entities:
        """Fill what this (follow-up) question leaves out from an earlier question."""
        merged = replace(earlier, **{k: v for k, v in self.__dict__.items()
                                     if v not in (None, False, "amount_claimed", ())})
        # "what about June?" after "Q2 total": June's dates, so no longer the earlier period's name
        return replace(merged, period=self.period, periods=self.periods) if self.start else merged


def canonical(question: str) -> str:
    """The question with Malay words glossed in English and misspelt vocabulary corrected.

    Only whole words change; everything else (names, ids, punctuation) is kept as typed.
    """
    text = _KAN_RE.sub(r"\1", question)  # "approvekan" → "approve"
    text = _POSSESSIVE_I_RE.sub(lambda m: m.group(0) if m.group(1).lower() in _BEFORE_SUBJECT_I
                                else f"{m.group(1)} my", text)  # "claim I yang…" → "claim my yang…"
    text = _SAYA_I_RE.sub(_saya_as_subject, text)
    text = _AGO_RE.sub(lambda m: f"{m.group(1)} {_AGO_UNITS[m.group(2).lower()]} ago", text)  # not "last month"
    text = _MALAY_MONTH_RE.sub(_english_month, text)  # "dari Julai hingga Disember"
    text = _MALAY_RE.sub(lambda m: MALAY[m.group(0).lower()], text)
    text = _MALAY_AND_RE.sub("and", text)  # "baki pakar …, dan tahun ni …": two asks joined
    text = _SHORTHAND_RE.sub(lambda m: SHORTHAND[m.group(0).lower()], text)
    text = _PLEASANTRIES_RE.sub("", text).strip() or text
    text = _SWAP_RE.sub(lambda m: _unswap(m.group(0)), text)
    return re.sub(r"[A-Za-z]{5,}", lambda m: _correct(m.group(0)), text)


#: Malay month names with their English name. "Mac" and "Jun" are also a computer and a person's name
#: ("my colleague Jun Goh"), so they are months only where a month is expected (``_MALAY_MONTH_RE``).
MALAY_MONTHS = {"januari": "January", "februari": "February", "mac": "March", "mei": "May", "jun": "June",
                "julai": "July", "ogos": "August", "oktober": "October", "disember": "December"}
_MALAY_MONTH_RE = re.compile(
    r"\b(?P<month>januari|februari|mei|julai|ogos|oktober|disember)\b"
    # "Mac"/"Jun" after a word that introduces a month; not before a surname ("Jun Goh")
    r"|(?P<lead>\b(?:dari|sejak|semenjak|hingga|sampai|bulan|awal|akhir|in|from|to|until|till|since|and|dan|or|"
    r"of|through|during|for)\s+|[-–]\s*)(?P<short>mac|jun)\b(?!\s+(?-i:[A-Z][a-z]))"
    # or before a year or a word that ends a span ("Mac 2026", "Mac sampai hari ini", "Jun-Ogos")
    r"|\b(?P<dated>mac|jun)\b(?=\s+(?:20\d\d|sampai|hingga|until|till|onwards?)\b|\s*[-–])", re.I)


def _english_month(m: re.Match) -> str:
    """The matched Malay month as its English name (what led it kept)."""
    name = m.group("month") or m.group("short") or m.group("dated")
    return (m.group("lead") or "") + MALAY_MONTHS[name.lower()]


_SHORTHAND_RE = re.compile(r"(?<![\w'.@-])(?:" + "|".join(map(re.escape, sorted(SHORTHAND, key=len, reverse=True)))
                           + r")(?![\w.@-])(?!'(?!s\b))", re.I)  # longer phrases first ("lst year" over "lst")
_MALAY_RE = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(MALAY, key=len, reverse=True))) + r")\b", re.I)
_KNOWN = set(VOCABULARY) | _NOT_TYPOS
# Malay "dan" (and), lower-case only: a capitalised "Dan" is a person's name.
_MALAY_AND_RE = re.compile(r"(?<![\w'@.-])dan(?![\w'@-])")


def _saya_as_subject(m: re.Match) -> str:
    """The matched text with its subject "saya"/"aku" as "I" (the gloss makes the rest "my")."""
    pronoun = 1 if m.group(1) else 2
    return m.group(0)[: m.start(pronoun) - m.start()] + "I"


_ENDINGS = {"", "e", "s", "es", "ed", "d", "ing", "ly", "er", "ers", "ment", "ments", "al", "ation", "ion", "ions",
            "ive", "able"}
#: Short words people type with two letters swapped ("mcuh", "waht"); corrected only by a swap.
_SHORT_WORDS = ("much", "many", "what", "when", "left", "year", "last", "list", "show", "paid", "claim", "total",
                "talk", "have", "still", "limit", "split", "spend", "after", "first", "often")
_SUBSTITUTABLE = ("year", "much", "many", "what", "when")  # one letter wrong; not "spent" → "spend"
_SWAP_RE = re.compile(r"\b[A-Za-z]{4,5}\b")


def _unswap(word: str) -> str:
    """A short known word typed with two neighbouring letters swapped ("mcuh") or one left out ("totl")."""
    low = word.lower()
    if low in _SHORT_WORDS or low in _NOT_TYPOS:
        return word
    for v in _SHORT_WORDS:
        if len(v) == len(low) and DamerauLevenshtein.distance(low, v) == 1 and sorted(low) == sorted(v):
            return v
        if len(v) == len(low) + 1 and len(low) >= 4 and _dropped_letters(low, v):
            return v  # "totl" → "total"
        if (len(low) == 4 and v in _SUBSTITUTABLE and low[:2] == v[:2] and low not in _NOT_TYPOS
                and DamerauLevenshtein.distance(low, v) == 1):
            return v  # "yeer" → "year"
    return word


def _correct(word: str) -> str:
    """The vocabulary word a misspelt word stands for.

    At most one edit (Damerau-Levenshtein) in a word of five or six letters, two in a longer
    one ("opticle" → "optical").

    The first letter must match: people rarely get it wrong, and it keeps "rental" from
    becoming "dental".
    """
    low = word.lower()
    if low in _KNOWN:
        return word
    if low[-1] == low[-2] and low[:-1] in _KNOWN:
        return word[:-1]  # the last letter typed twice ("submitt"), which reads as a cut-off "submitted"
    best, score = word, 0.0
    for v in VOCABULARY:
        if low == v[:-1] and v.endswith("e") and len(low) >= 6:
            return v  # a dropped final "e" ("expensiv")
        if low == v[:-1] and v.endswith("est"):
            return v  # a superlative's final "t" left off ("oldes", "highes")
        if v.endswith("al") and low == v[:-2] + "le":
            return v  # "-al" spelt as it sounds ("dentle", "medicle")
        stem = v[:-1] if v.endswith("e") else v  # "approv(e)" + "al", "escalat(e)" + "ion"
        ending = low[len(stem):]
        if low == v[:-1] or v.startswith(low) or (low.startswith(stem) and ending in _ENDINGS
                                                  and not (ending == "d" and not v.endswith("e"))):
            # an inflection ("approve", "limits", "escalation"), not a misspelling; "claimd" is
            return word
        if v[0] == low[0] and abs(len(v) - len(low)) <= 2:
            sim = DamerauLevenshtein.normalized_similarity(low, v)
            if sim > score:
                best, score = v, sim
    if len(low) < 7 and score < 0.8 and not _dropped_letters(low, best.lower()):
        return word  # a short word two edits away is only a typo if it just dropped letters
    return best if score >= 0.7 else word


def _dropped_letters(short: str, full: str) -> bool:
    """Whether ``short`` is ``full`` with some letters left out ("welnes" of "wellness")."""
    letters = iter(full)
    return len(short) < len(full) and all(ch in letters for ch in short)


def extract(question: str, own_email: str = "", own_employee_id: str = "",
            today: date = AS_OF) -> Entities:
    """Parse a question into entities."""
    text = question.strip()
    low = text.lower()
    found = sorted((m.start(), code) for code, rx in _CATEGORY_RES.items() if (m := rx.search(text)))
    categories = tuple(code for _, code in found)
    category = next((code for code, rx in _CATEGORY_RES.items() if rx.search(text)), None)
    # "amount approved" names the measured field, not a status filter.
    status_text = re.sub(r"amounts? approved|approved amounts?|how much\b.*\bapproved\b.*|approved how much", "", low)
    status = _status(status_text)
    year, start, end = _period(low, today)
    if named := periods.spans(text, today):  # "Q2 2026", "since March": one date range, not one month
        start, end = named[0].start, named[0].end
        year = start.year if start.year == end.year else None
    claim = CLAIM_ID_RE.search(text)
    if excluded := filters.excluded_categories(text, _CATEGORY_RES):  # "everything except hospital": no filter on it
        categories = tuple(c for c in categories if c not in excluded)
        category = categories[0] if categories else None
    low_amount, high_amount = filters.amount_bounds(text)
    return Entities(
        category=category,
        status=status,
        year=year,
        start=start,
        end=end,
        claim_id=claim.group(0).upper() if claim else None,
        claim_ids=tuple(dict.fromkeys(m.upper() for m in CLAIM_ID_RE.findall(text))),
        metric=_metric(low),
        field="amount_approved" if (re.search(r"approved|reimbursed|paid (?:out|back)|got back", low)
                                    or _AMOUNT_OF_ACT_RE.search(low))
        and not re.search(r"how many", low) or _RECEIVED_RE.search(low) else "amount_claimed",
        latest=bool(re.search(r"\b(?:latest|last|most recent|newest|recent)\b(?! (?:year|month))", low)),
        third_party=third_party(text, own_email, own_employee_id),
        order=next((o for o, rx in _ORDER_WORDS.items() if re.search(rf"\b(?:{rx})\b", low)), None),
        categories=categories,
        compare=len(categories) >= 2 and bool(_COMPARE_RE.search(low)) and bool(_MEASURE_RE.search(low)),
        family=bool(_FAMILY_RE.search(text) and _COVERAGE_RE.search(text)),
        family_patient=family_patient(text),
        action=action.group(0) if (action := _ACTION_RE.search(text) or _ACT_REQUEST_RE.search(text))
        and not (HOW_TO_RE.search(text) or _USER_DOES_RE.search(text) or _FOR_ME_TO_DO.search(text[:action.start()])
                 or _AMOUNT_OF_ACT_RE.search(text))
        else None,
        period=named[0].label if named else None,
        periods=named,
        excluded=excluded,
        min_amount=low_amount,
        max_amount=high_amount,
    )


def names_family(text: str) -> bool:
    """Whether the text names a family member ("my son", "isteri")."""
    return bool(_FAMILY_RE.search(text))


def family_patient(text: str) -> bool:
    """Whether the user asks about their *own* claims for a family member's treatment.

    "Was my claim for my husband's dental treatment approved?", "how much have I claimed for my
    kids' GP visits?": the records are the user's ("my claim", "I claimed"), a family member is
    only who was treated. "My wife's claims" or "has my wife claimed" are someone else's records.
    """
    matches = list(_THIRD_PARTY_RE.finditer(text))
    return bool(matches and _OWN_RECORDS_RE.search(text) and all(
        _FAMILY_RE.search(m.group(0)) and not _RECORD_OF_PERSON_RE.search(m.group(0))
        # "claims of my son" are his; "claims from my son's hospital stay" are from the stay
        and not re.match(r"\w+\s+(?:of|by)\b", m.group(0))
        and not (re.match(r"\w+\s+from\b", m.group(0)) and not text[m.end():].startswith("'"))
        for m in matches))


def third_party(text: str, own_email: str = "", own_employee_id: str = "") -> str | None:
    """The phrase that makes this a question about someone other than the signed-in user."""
    for email in EMAIL_RE.findall(text):
        if email.lower() != own_email.lower():
            return email
    for emp in EMPLOYEE_ID_RE.findall(text):
        if emp.upper() != own_employee_id.upper():
            return emp
    if match := _EVERYONE_RE.search(text):
        return match.group(0)
    if match := next((m for m in _THIRD_PARTY_RE.finditer(text) if not _asked_by(text, m)), None):
        if rules.SUBMITS_FOR_ME.search(text):
            return None  # "can a colleague submit my claim from her account?": the rule on who submits
        if GRADE_LIMIT_RE.search(text) and not GRADE_LIMIT_RE.sub("", text).strip(" ?.!").count(" ") > 6:
            return None  # "wellness limit manager?": the limit at Manager grade, a policy question
        # "Is her dental covered?", "can I claim my son's dental?": about cover for family,
        # a policy question; "my own" balance is the user's.
        family_cover = _FAMILY_RE.search(text) and _COVERAGE_RE.search(text)
        if not (family_cover or family_patient(text) or _own_records_pronoun(text, match)) \
                and not re.search(r"\bmy own\b", text, re.I):
            return match.group(0)
    if ((person := _NAMED_PERSON_RE.search(text) or _MY_PERSON_RE.search(text))
            and _PRONOUN_RECORDS_RE.search(text, person.end())
            and not (_FAMILY_RE.search(text) and _COVERAGE_RE.search(text))):
        # "my colleague Ravi … asked me to check how much GP they have left": their records
        return person.group(0)
    if compared := _COMPARED_NAME_RE.search(text):
        name = next(g for g in compared.groups() if g)
        if not any(word.lower() in _NOT_PEOPLE for word in name.split()):
            return name  # "claim I dengan Ben Rahman siapa lagi banyak": their claims against mine
    for match in _NAME_RE.finditer(text):
        name = next(g for g in match.groups() if g)
        if not any(word.lower() in _NOT_PEOPLE for word in name.split()):
            return name
    return None


def _asked_by(text: str, match: re.Match) -> bool:
    """Whether the person matched only asked the user to check the user's own records.

    "my manager asked me to check: how much of my GP entitlement is still unclaimed?": the
    manager is why the user asks, the records are "my"; "… how much he has left" stays theirs.
    """
    rest = text[match.end():]
    return bool(_ASKED_ME_RE.match(rest) and _MY_RE.search(rest) and not _THEIRS_RE.search(rest))


def _own_records_pronoun(text: str, match: re.Match) -> bool:
    """Whether "their …" points back at the user's own records named before it, with nobody else named.

    "list my three largest claims with their amounts": "their" is the claims', not a person's.
    """
    return bool(re.match(r"their\b", match.group(0), re.I) and _OWN_PLURAL_RE.search(text[:match.start()])
                and not re.search(rf"\b{_PERSON}\b", text, re.I))


# A status the question negates ("approved but not paid out yet", "approved and not yet paid"): it
# is what the claims are not, so another status named picks them.
_NEGATED_STATUS_RE = re.compile(r"\b(?:not|never|yet to be|isn't|aren't|hasn't|haven't|n't)\s+(?:yet\s+)?(?:been\s+)?"
                                r"(?:reject\w*|declin\w*|paid|approved|submitted)\b(?:\s+out)?|\bunpaid\b")


# "how much did the company approve for me?", "how much did they reimburse": an amount asked of what
# was done, not a request to do it; the amount is the approved one.
_AMOUNT_OF_ACT_RE = re.compile(r"\bhow much\b(?: [\w'-]+){0,5}? (?:approve|reimburse|pay (?:out|back))\b", re.I)


def _status(low: str) -> str | None:
    """The status that picks the claims: one named and not negated, else the first named."""
    def first(text: str) -> str | None:
        return next((s for s, rx in _STATUS_WORDS.items() if re.search(rx, text)), None)

    return first(_NEGATED_STATUS_RE.sub(" ", low)) or first(low)


def _period(low: str, today: date) -> tuple[int | None, date | None, date | None]:
    # "before my benefits reset in January": when the plan year turns over, not a month of claims
    month = next((m for m in _MONTH_RE.finditer(low) if not _PLAN_EVENT_RE.search(low[:m.start()])), None)
    if month is None and (leading := _LEADING_MONTH_RE.search(low)):  # "April: no. of claims …"
        month = leading
    if month is None and (referred := _MONTH_REFERRED_RE.search(low)):  # "June - … for that month?"
        month = referred
    if month is None and not _MONTH_RE.search(low) and (bare := _BARE_MONTH_RE.search(low)) \
            and not _PLAN_EVENT_RE.search(low[:bare.start()]):
        month = bare
    years = [int(y) for y in re.findall(r"\b(20\d\d)\b", low)]
    if month:
        m = _MONTHS.index(month.group(1).lower()) + 1
        y = int(month.group(2)) if month.group(2) else (years[0] if years else today.year)
        return y, date(y, m, 1), date(y, m, monthrange(y, m)[1])
    if years:
        return years[0], None, None
    if re.search(r"\b(?:this|current) (?:benefit )?year\b|\bso far\b|\byear to date\b|\bytd\b", low):
        return today.year, None, None
    if re.search(r"\b(?:last|previous) (?:benefit )?year\b", low):
        return today.year - 1, None, None
    if re.search(r"\b(?:this|current) month\b", low):
        return today.year, date(today.year, today.month, 1), today
    if re.search(r"\b(?:last|previous) month\b", low):
        y, m = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
        return y, date(y, m, 1), date(y, m, monthrange(y, m)[1])
    return None, None, None


# "how often did I claim wellness": how many times the user claimed (not "how often can I claim", a rule).
_HOW_OFTEN_RE = re.compile(r"\bhow often (?:did|have|do) i\b")
# "dental claim frequency 2025": how often, a count of claims.
_FREQUENCY_RE = re.compile(r"\bfrequency\b|\bfreq\b")
# "usually one dental claim how much?", "what does a claim typically cost me": the typical amount, an average.
_USUAL_AMOUNT_RE = re.compile(r"\b(?:usually|typically|normally)\b.{0,40}\b(?:how much|myr|cost)\b|"
                              r"\b(?:how much|myr|cost)\b.{0,40}\b(?:usually|typically|normally)\b")


# "how much went on screening", "how much has gone to dental": what was spent.
_WENT_ON_RE = re.compile(r"\bhow much (?:\w+ ){0,2}?(?:went|gone|go|goes) (?:on|to|into|for)\b")


# "what have I spent on wellness", "what I've spent since May": spending is an amount, so a sum.
_WHAT_SPENT_RE = re.compile(r"\bwhat (?:(?:have|did) i|i(?:'ve| have)?) (?:\w+ )?spen[dt]\b(?! (?:from|of|out of)\b)")


def _metric(low: str) -> str | None:
    if (re.search(r"\bhow many\b|\bnumber of\b|\bno\.? of\b|\bcount\b", low) or _HOW_OFTEN_RE.search(low)
            or _FREQUENCY_RE.search(low)):
        return "count"
    if re.search(r"\baverage\b|\bavg\b|\bmean\b|\btypical\b", low) or _USUAL_AMOUNT_RE.search(low):
        return "avg"
    if re.search(r"\btotals?\b|\bsum\b|\baltogether\b|\bin all\b|how much (?:have|did) i (?:claim|spen[dt]|get)|"
                 r"\badd(?:s|ed)? up\b|\b(?:approved|claimed|reimbursed) amounts?\b|\bamounts? (?:approved|claimed)\b|"
                 r"\bhow much\b.{0,30}\bapproved?\b|\bapproved how much\b|"
                 r"\bhow much (?:(?:my|i|did i|have i|do i) )?(?:\w+ )?claim(?:ed)?\b|"
                 # "how much health screening did i claim", the category between the two
                 r"\bhow much (?:[\w-]+ ){1,3}?(?:did|have|do) i (?:claim|spen[dt])\b"
                 r"(?! (?:for|on) (?:a|an|the)\b)", low) or _WENT_ON_RE.search(low) or _WHAT_SPENT_RE.search(low):
        return "sum"
    return None


def _plain(pattern: str) -> list[str]:
    """The words of a simple alternation pattern (lookarounds and word-boundary marks dropped)."""
    text, depth, skipping = "", 0, False
    for i, ch in enumerate(pattern):  # drop lookarounds, which may nest groups
        if not skipping and pattern.startswith(("(?!", "(?=", "(?<"), i):
            skipping, depth = True, 0
        if skipping:
            depth += (ch == "(") - (ch == ")")
            skipping = depth > 0
            continue
        text += ch
    text = re.sub(r"\(\?:([^()|]*)\|[^()]*\)", r"\1", text)  # "therap(?:y|ist)" → "therapy"
    text = re.sub(r"\\b|\\w\*|\(\?:|[()?]", "", text.replace("[ -]", " "))
    return [w.strip() for w in text.split("|") if w.strip()]


#: Every word list the baseline matches, as plain words (for the contamination check).
LEXICON: dict[str, list[str]] = {
    "malay": sorted(MALAY),
    "shorthand": sorted(SHORTHAND),
    "vocabulary": list(VOCABULARY),
    **{f"category.{code}": _plain(words) for code, words in _CATEGORY_WORDS.items()},
    **{f"status.{name}": _plain(words) for name, words in _STATUS_WORDS.items()},
    **{f"order.{name}": _plain(words) for name, words in _ORDER_WORDS.items()},
}
