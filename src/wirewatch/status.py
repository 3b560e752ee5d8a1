"""Whether a sentence asserts an event, or only denies, negates, fears, plans or supposes it.

Why: wire copy about a crisis is mostly talk about events that have NOT happened ("Moscow denies
it has any plans to invade", "fears that the drills could be used as cover for an invasion").
Coding those as attacks would invent a war. Each coded event therefore carries a status read
from the dependency path between its trigger and the sentence root:

- ``negated``      a negation on the trigger's own clause ("did not attack", "won't allow"),
                   or a governing "refuse / fail / decline to";
- ``denied``       the trigger sits inside what a "deny"-type verb governs;
- ``hypothetical`` modal could/might/may/would/should, a governing if/unless/whether, a
                   governing fear/worry/warning, a purpose to-infinitive, or a nominal under
                   "any / possible / feared / imminent";
- ``future``       will/shall/going to, or a governing plan/intend/prepare/want to;
- ``asserted``     none of these. (``historical`` is decided by the date, in events.py.)

Strength order when several apply: denied > negated > hypothetical > future > asserted.
The second value returned names the frame that made an event future ("speech" when the future
clause is what someone said or pledged), which lets the coder turn a stated intention into
PLOVER's AGREE / THREATEN as the codebook asks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

HYPO_MODALS = {"could", "might", "may", "would", "should", "can", "must", "ought"}
FUTURE_MODALS = {"will", "shall", "'ll", "wo"}
DENY = {"deny", "dismiss", "refute", "rebut", "disavow"}
FEAR = {"fear", "worry", "warn", "caution", "suspect", "speculate", "predict", "concern", "doubt",
        "allege", "claim", "rumor", "rumour", "threaten", "imagine", "suggest", "hope", "wonder",
        "estimate", "expect", "question", "ask", "consider", "weigh", "mull", "contemplate",
        "explore", "study", "debate", "discuss", "eye", "ponder", "examine", "review"}
NEG_GOV = {"refuse", "fail", "decline", "avoid", "stop", "cease", "halt", "deny", "reject",
           "forget", "neglect", "prevent", "abandon"}
FUTURE_GOV = {"swear", "plan", "intend", "prepare", "want", "aim", "seek", "expect", "agree", "decide",
              "promise", "pledge", "vow", "offer", "threaten", "hope", "wish", "mean", "set",
              "schedule", "commit", "resolve", "vote", "move", "propose", "ready", "willing",
              "prepared", "determined", "likely", "due", "poised", "about", "go"}
SPEECH_GOV = {"say", "announce", "tell", "declare", "state", "add", "pledge", "promise", "vow",
              "offer", "agree", "decide", "commit", "insist", "assure", "confirm", "indicate",
              "signal", "report", "write", "tweet", "note", "reply", "respond", "threaten", "warn",
              "swear", "guarantee", "reaffirm", "reiterate"}
IMPLICATIVE = {"keep", "continue", "begin", "start", "manage", "resume", "proceed", "go",
               "dare", "help", "use", "get", "happen", "remember", "try", "attempt", "move",
               "seem", "appear", "come", "choose", "opt", "bother", "rush", "hasten"}
HYPO_NOUNS = {"threat", "possibility", "risk", "prospect", "fear", "warning", "danger",
              "right", "ability", "chance", "option", "capacity", "capability", "power",
              "readiness", "willingness", "attempt", "bid", "effort", "way", "means", "need",
              "call", "demand", "request", "proposal", "idea", "concern", "claim", "allegation",
              "speculation", "report", "rumor", "rumour", "scenario", "case", "event"}
CONTENT_NOUNS = {"charge", "accusation", "allegation", "claim", "suggestion", "rumor", "rumour",
                 "report", "speculation", "assertion", "guarantee", "assurance", "hope", "belief",
                 "sign", "signal", "notion", "insistence", "expectation", "condition", "demand",
                 "request", "fear"}
FUTURE_NOUNS = {"plan", "intention", "intent", "decision", "pledge", "promise", "vow", "offer",
                "agreement", "commitment", "preparation", "order"}
HYPO_DETS = {"any", "possible", "potential", "feared", "imminent", "future", "planned",
             "threatened", "alleged", "hypothetical", "eventual", "prospective", "likely",
             "looming", "expected"}
ACCUSE_GOV = {"accuse", "blame", "charge", "suspect", "convict", "criticize", "criticise",
              "condemn", "arrest", "detain", "indict", "sentence", "sue", "investigate", "punish",
              "jail", "fine", "prosecute", "try", "denounce", "allege"}
DISAVOWED = {"intention", "plan", "desire", "wish", "interest", "question"}  # "no intention of"
LITOTES = {"hesitate"}  # negated, they assert the intention: "will not hesitate to strike"
HYPO_MARKS = {"if", "unless", "whether", "lest", "should"}

RANK = {"asserted": 0, "future": 1, "hypothetical": 2, "negated": 3, "denied": 4}
INTENT_GOV = {"promise", "pledge", "vow", "swear", "offer", "agree", "decide", "commit", "threaten",
              "willing", "ready", "prepared", "determined", "resolve", "undertake"}


@dataclass(slots=True)
class Status:
    """The status of one event and the evidence for it.

    ``frame`` says what made it future: ``modal`` (will / shall on the clause), ``speech``
    (a future clause someone said or announced), ``intent`` (promise / offer / willing to),
    ``plan`` (plans / wants / expects to: reported, not committed). ``signals`` keeps every
    status word met on the way up, so callers can tell "said it will not" (negated + future)
    from "wants guarantees that NATO won't" (also hypothetical).
    """

    status: str = "asserted"
    frame: str | None = None
    signals: set[str] = field(default_factory=set)

    def add(self, status: str) -> None:
        if status == "asserted":
            return
        self.signals.add(status)
        if RANK[status] > RANK[self.status]:
            self.status = status


def _stronger(a: str, b: str) -> str:
    return a if RANK[a] >= RANK[b] else b


def _own_signals(tok: Token) -> tuple[str, str | None]:
    status, frame, _ = _own(tok)
    return status, frame


def _own(tok: Token) -> tuple[str, str | None, set[str]]:
    """Status carried by a word's own auxiliaries, negation, markers; frame "modal" for will,
    "would" for would (reported will in speech, else hypothetical); and every signal seen."""
    status, frame = "asserted", None
    seen: set[str] = set()
    for child in tok.children:
        dep, low = child.dep_, child.lower_
        if dep == "neg" or (dep == "advmod" and low in {"never", "not", "n't"}):
            status = _stronger(status, "negated")
        elif dep in {"aux", "auxpass"} and child.tag_ == "MD":
            lemma = child.lemma_.lower()
            if low in FUTURE_MODALS or lemma in {"will", "shall"}:
                status = _stronger(status, "future")
                seen.add("future")
                frame = frame or "modal"
            elif low in {"would", "'d"}:
                status = _stronger(status, "hypothetical")
                frame = frame or "would"
            elif low in HYPO_MODALS or lemma in HYPO_MODALS:
                status = _stronger(status, "hypothetical")
                if low in {"must", "should", "ought"}:
                    frame = frame or "obligation"
        elif dep == "mark" and low in HYPO_MARKS:
            status = _stronger(status, "hypothetical")
            frame = "conditional"
        elif dep == "det" and low in {"no"}:
            status = _stronger(status, "negated")
    # "is going to attack"
    if tok.dep_ == "xcomp" and tok.head.lemma_ == "go" and tok.head.tag_ == "VBG":
        status = _stronger(status, "future")
        frame = frame or "modal"
    if status != "asserted" and frame != "would":
        seen.add(status)
    return status, frame, seen


UNACCEPTABLE = {"unacceptable", "unthinkable", "inadmissible", "non-negotiable", "nonnegotiable",
                "impossible", "inconceivable"}


def ruled_out(pred: Token) -> bool:
    """A copula clause that rules its subject out: "the demand was unacceptable", "removing the
    sanctions is out of the question"."""
    if pred.lemma_.lower() != "be":
        return False
    for c in pred.children:
        if c.dep_ == "acomp" and c.lower_ in UNACCEPTABLE:
            return True
        if c.dep_ == "prep" and c.lower_ == "out":
            for g in c.children:
                if g.lower_ == "of" and any(q.lemma_.lower() == "question" for q in g.children):
                    return True
    return False


def clause_status(trigger: Token) -> Status:
    """Status of the event a (verbal or nominal) trigger names, with its frame and signals.

    Climbs from the trigger to the root, collecting signals; a governing verb's meaning applies
    to what it governs (ccomp/xcomp/advcl), not to its conjuncts.
    """
    out = Status()
    own, frame, seen = _own(trigger)
    would = frame == "would"  # decided at the end: reported will under speech, else hypothetical
    if not would:
        out.add(own)
    elif own == "negated":
        out.add(own)
    out.signals |= seen
    out.frame = frame if frame in {"modal"} else None
    if trigger.pos_ in {"NOUN", "PROPN"}:
        for child in trigger.children:
            if child.dep_ in {"det", "amod"} and child.lower_ in HYPO_DETS:
                out.add("hypothetical")
    node = trigger
    steps = 0
    while node.head is not node and steps < 12:
        steps += 1
        dep, head = node.dep_, node.head
        lemma = head.lemma_.lower()
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children)
        if dep == "conj":
            # a conjunct shares its head's modality only when it has no auxiliary of its own
            if not any(c.dep_ in {"aux", "auxpass"} for c in node.children):
                head_status, head_frame = _own_signals(head)
                if head_frame == "would":
                    would = True
                elif head_status != "negated":
                    out.add(head_status)
                    if head_frame == "modal":
                        out.frame = out.frame or "modal"
            node = head
            continue
        if dep in {"relcl"}:
            break
        if dep in {"csubj", "nsubj"} and ruled_out(head):
            out.add("negated")  # "removing the sanctions is out of the question": not done
        if dep == "acl" and head.pos_ in {"NOUN", "PROPN"}:
            if not infinitive:
                content = any(c.dep_ == "mark" and c.lower_ == "that" for c in node.children)
                if content and (lemma in HYPO_NOUNS or lemma in FUTURE_NOUNS or lemma in CONTENT_NOUNS):
                    out.add("hypothetical")  # "guarantees that NATO will halt"
                    node = head
                    continue
                break  # reduced relative ("the demands rejected by the West") asserts itself
            if lemma in FUTURE_NOUNS:
                out.add("future")
                out.frame = out.frame or "plan"
            else:
                out.add("hypothetical")  # "the right to deploy", "efforts to"
            for child in head.children:
                if child.dep_ == "det" and child.lower_ in HYPO_DETS:
                    out.add("hypothetical")
            node = head
            continue
        if dep == "pcomp" and head.dep_ == "prep" and head.lower_ in {"of", "for"}:
            if head.head.lemma_.lower() in ACCUSE_GOV:
                out.add("hypothetical")  # "accused X of attacking": alleged
            noun = head.head
            if noun.lemma_.lower() in DISAVOWED and any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children):
                # "has no intention of laying down its arms": a stated refusal
                out.add("negated")
                out.frame = "intent"
        if dep == "pobj" and head.dep_ == "prep" and head.lower_ in {"of", "for", "to"}:
            noun = head.head
            nl = noun.lemma_.lower()
            if nl in FUTURE_NOUNS:
                out.add("future")
            elif nl in HYPO_NOUNS or nl in FEAR:
                out.add("hypothetical")
        if (
            lemma in LITOTES and dep == "xcomp" and head.pos_ == "VERB"
            and _own_signals(head)[0] == "negated"
        ):
            # "would not hesitate to use force": a stated intention, not a negation
            out.add("future")
            out.frame = "intent"
            node = head
            continue
        if head.pos_ in {"VERB", "AUX", "ADJ"} and dep in {"ccomp", "xcomp", "advcl", "pcomp", "csubj", "acomp"}:
            if lemma in DENY and dep in {"ccomp", "xcomp"}:
                out.add("denied")
            elif lemma in NEG_GOV and infinitive or (lemma in NEG_GOV and dep == "xcomp"):
                out.add("negated")
            elif lemma in FEAR and dep in {"ccomp", "xcomp"}:
                out.add("hypothetical")
            elif (lemma in FUTURE_GOV) and (infinitive or dep == "xcomp"):
                out.add("future")
                if lemma in INTENT_GOV:
                    out.frame = "intent"
                elif out.frame is None:
                    out.frame = "plan"
            elif infinitive and dep in {"advcl"}:
                out.add("hypothetical")  # purpose: "to launch an attack"
            elif infinitive and lemma not in IMPLICATIVE and lemma not in SPEECH_GOV:
                # "advised X to", "urged X to", "has the right to": not (yet) done
                out.add("hypothetical")
            if dep == "ccomp" and lemma in SPEECH_GOV:
                if would:
                    out.add("future")  # "said they would boycott": reported will
                    would = False
                if "future" in out.signals and out.frame in {None, "modal"}:
                    out.frame = "speech"
            head_status, head_frame = _own_signals(head)
            if head_status == "negated" and lemma in SPEECH_GOV | FEAR:
                pass  # "did not say that ..." leaves the content open; keep climbing
            else:
                out.add(head_status)
        elif head.pos_ in {"NOUN", "PROPN"}:
            nl = head.lemma_.lower()
            if nl in FUTURE_NOUNS:
                out.add("future")
            elif nl in HYPO_NOUNS:
                out.add("hypothetical")
        node = head
    if would:
        out.add("hypothetical")
    return out
