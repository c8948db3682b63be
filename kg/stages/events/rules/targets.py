"""Rules of the ``targets`` stage: arguments a trigger's own grammar did not give.

They run on every reading, in the order of :data:`kg.stages.events.rules.ORDER`, right after
its argument tokens were mapped to mentions. Most apply only while the reading has no
target (each says so first), so the first of them to find a target is the one that names it.
"""

from __future__ import annotations

from kg.stages.events.context import EventContext, Reading
from kg.stages.events.grammar import (
    between,
    complement_targets,
    condition_subjects,
    demand_object,
    pobjs,
    purpose_targets,
)
from kg.stages.events.rules.registry import registry
from kg.stages.events.tables import CATEGORIES, WORDS


@registry.register("pair-acts-on-itself")
def pair_acts_on_itself(r: Reading, ctx: EventContext) -> None:
    """Rule: "the two discussed": a pair is both agent and target of a mutual event.

    Applies to a symmetric trigger whose one agent is a pair mention, whatever targets the
    grammar gave.
    """
    if r.trigger.symmetric and len(r.agents) == 1 and ctx.mention(r.agents[0][0]).kind == "pair":
        r.targets = list(r.agents)


@registry.register("demand-targets-what-is-demanded")
def demand_targets_what_is_demanded(r: Reading, ctx: EventContext) -> None:
    """Rule: a demand's target is the subject of what is demanded.

    "The PRC demanded that the United States cancel the sale" -> United States; an
    allegation's, the subject of what is alleged ("alleged Mahan had contributed to ..."), and
    a statement that someone must act, that someone ("said Sudan must return ...").
    """
    trig = r.trigger
    if r.targets or trig.pos != "VERB" or not (trig.category in CATEGORIES.demands or trig.complement_aux):
        return
    comp = [c for c in r.token.children if c.dep_ == "ccomp"]
    r.targets = ctx.mentions_of([x for c in comp for x in c.children if x.dep_ in ("nsubj", "nsubjpass")],
                                descend="all")


@registry.register("demand-noun-clause-subject")
def demand_noun_clause_subject(r: Reading, ctx: EventContext) -> None:
    """Rule: a demand noun's target is the subject of the "that" clause spelling it out.

    "reiterated its demand that Israel ease restrictions" -> Israel; the clause hangs on the
    noun or, as the parser may hang it, on the verb the noun is the object of.
    """
    tok = r.token
    if r.targets or r.trigger.pos != "NOUN" or r.trigger.category != "REQUEST":
        return
    comp = [c for c in tok.children if c.dep_ in ("acl", "ccomp")
            and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)]
    comp += [c for c in tok.head.children
             if tok.dep_ == "dobj" and (d := demand_object(c)) is not None and d.i == tok.i]
    r.targets = ctx.mentions_of([x for c in comp for x in c.children if x.dep_ in ("nsubj", "nsubjpass")],
                                descend="all")


@registry.register("condition-names-target")
def condition_names_target(r: Reading, ctx: EventContext) -> None:
    """Rule: the condition names the target of a threat or demand.

    "Iran threatened to stop talks if the United States goes ahead" -> United States;
    "... unless Baghdad accepted its conditions" -> Baghdad.
    """
    if not r.targets and r.trigger.category in CATEGORIES.conditional:
        r.targets = ctx.mentions_of(condition_subjects(r.token), descend="all")


@registry.register("intention-complement-target")
def intention_complement_target(r: Reading, ctx: EventContext) -> None:
    """Rule: an intention's target is in its complement.

    "Iran agreed to lift embargoes on Iraq" -> Iraq; "refused to meet King Abdullah" -> King Abdullah.
    """
    if not r.targets and r.trigger.pos == "VERB" and r.trigger.category in CATEGORIES.intentions:
        r.targets = ctx.mentions_of(complement_targets(r.token), descend="all")


@registry.register("act-about-target")
def act_about_target(r: Reading, ctx: EventContext) -> None:
    """Rule: the target is named by what the act is about.

    "Italy announced a suspension of air links with Serbia" -> Serbia, "mobilized reservists for
    a war against Iraq", "withdrawal of forces from Panama" (not for giving and cooperating,
    where "with" is what is given: "provided airstrikes with").
    """
    if r.targets or not r.agents or r.trigger.category in CATEGORIES.giving_and_cooperating:
        return
    inner = [*r.args.objects, *(o for c in r.token.children if c.dep_ == "prep" and c.lower_ in WORDS.act_content_preps
                                for o in pobjs(c))]
    r.targets = ctx.mentions_of([o for x in inner for c in x.children
                                 if c.dep_ == "prep" and c.lower_ in WORDS.inner_preps for o in pobjs(c)],
                                descend="owner")


@registry.register("object-after-up-to")
def object_after_up_to(r: Reading, ctx: EventContext) -> None:
    """Rule: "kidnapped up to 16 Russian advisers": the parser hangs the object on "up to"."""
    if r.targets or r.trigger.pos != "VERB":
        return
    r.targets = ctx.mentions_of([o for c in r.token.children if c.dep_ == "prt" and c.lower_ == "up"
                                 for p in c.children if p.dep_ == "prep" and p.lower_ == "to" for o in pobjs(p)],
                                descend="owner")


@registry.register("in-protest-of")
def in_protest_of(r: Reading, ctx: EventContext) -> None:
    """Rule: "in protest of / in defiance of X" names the target of a protest-like act.

    "A group of Chechen refugees continued a hunger strike in protest of the Russian
    government's refusal" -> the Russian government.
    """
    if r.targets or not r.agents or r.trigger.category not in CATEGORIES.stances:
        return
    heads = [r.token, *(c for c in r.token.children if c.dep_ == "dobj")]
    stance = [o for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ == "in"
              for o in pobjs(c) if o.lemma_.lower() in WORDS.stance_nouns]
    r.targets = ctx.mentions_of([x for o in stance for c in o.children if c.dep_ == "prep"
                                 and c.lower_ in WORDS.stance_preps for x in pobjs(c)],
                                descend="owner")


@registry.register("formal-protest-is-accuse")
def formal_protest_is_accuse(r: Reading, ctx: EventContext) -> None:
    """Rule (PLOVER, CAMEO 110/111): a protest lodged with someone is an accusation, not a demonstration.

    "Serbia lodged an official protest with Albania", "Beijing delivered a formal complaint to
    Washington", "China protested to Japan over the visit": a complaint made to a party (CAMEO's
    ``LODGE * PROTEST [110]``) is ACCUSE, aimed at whom it is lodged with; a crowd's protest stays
    PROTEST. Read for a protest noun whose light verb lodges it, or a protest verb with "to".
    """
    if r.trigger.category != "PROTEST":
        return
    tok = r.token
    if r.trigger.pos == "NOUN":
        verb = next((t for t in r.clause[1:] if t.pos_ in ("VERB", "AUX")), None)
        if verb is None or verb.lemma_.lower() not in WORDS.lodging_verbs and verb.lower_ not in WORDS.lodging_verbs:
            return
        heads = [tok, verb]
    else:
        heads = [tok]
    addressees = [o for h in heads for c in h.children if c.dep_ in ("prep", "dative")
                  and c.lower_ in WORDS.lodging_preps for o in pobjs(c)]
    found = ctx.mentions_of(addressees, descend="owner")
    if not found and r.trigger.pos == "VERB":
        return  # "protested against X" stays a protest
    r.category = "ACCUSE"
    agents = {a for a, _ in r.agents}
    r.targets = [t for t in found if t[0] not in agents] or r.targets


@registry.register("protest-purpose")
def protest_purpose(r: Reading, ctx: EventContext) -> None:
    """Rule: a protest's purpose names its target.

    "Demonstrators blocked a road to show their disapproval for the United States' policies"
    -> the United States; "... to protest against X" -> X.
    """
    if not r.targets and r.agents and r.trigger.category == "PROTEST":
        r.targets = ctx.mentions_of(purpose_targets(r.token), descend="owner")


@registry.register("buried-joint-subject")
def buried_joint_subject(r: Reading, ctx: EventContext) -> None:
    """Rule: a joint subject the parser buried: other names joined by "and" inside the subject phrase.

    "US President Trump and Turkish President Erdogan spoke": the parse gives one agent,
    Trump; Erdogan, a person's name inside the same subject, is another.
    """
    if r.targets or len(r.agents) != 1 or not (r.trigger.symmetric or r.trigger.category in CATEGORIES.mutual) \
            or not r.args.agents:
        return
    subj = r.args.agents[0]
    if any(t.lower_ == "and" for t in subj.subtree):
        extra = [(ctx.tok_mention[t.i], 1.0) for t in subj.subtree if t.i in ctx.tok_mention
                 and ctx.mention(ctx.tok_mention[t.i]).kind == "name"
                 and ctx.mention(ctx.tok_mention[t.i]).label == "PERSON"
                 and not any(a.dep_ == "prep" for a in t.ancestors if a.i > subj.left_edge.i and a in subj.subtree)]
        r.agents += [e for e in extra if e[0] not in {a for a, _ in r.agents}]


@registry.register("joint-subject-acts-on-itself")
def joint_subject_acts_on_itself(r: Reading, ctx: EventContext) -> None:
    """Rule: a joint subject acts on itself: "Jordan and Britain agreed", "X and Y signed a treaty".

    The event is symmetric. A mutual act ("met", "signed a treaty") is between every two of
    them: "Russia, Iran and Turkey met" is three meetings (each pair once: the extractor reads a
    symmetric pair one way round); an act that is mutual by its word but not read symmetric
    ("Hungarian and Romanian officials agreed", ``mutual_words``) keeps the first as agent of the
    others. Any other act of a mutual category is no act on each other: "China, Iran, and Russia
    have pledged funds", "neither the EU nor the US would endorse", "US and British forces must
    ensure security" (the corpus, the golds and the PLOVER sentences read 7 such, all wrong).
    """
    trig = r.trigger
    if r.args.rule == "passive-by" and any(c.dep_ == "nsubjpass" for c in r.token.children):
        return  # "the call was seconded by Merkel and Johnson": a passive's agents act on its subject
    if not trig.symmetric and r.token.lemma_.lower() not in WORDS.mutual_words:
        return
    if not r.targets and len(r.agents) >= 2 and (trig.pos == "VERB" or "light-verb" in r.args.rule) \
            and (trig.symmetric or trig.category in CATEGORIES.mutual):
        if trig.symmetric:
            r.targets = list(r.agents)
        else:
            r.agents, r.targets = r.agents[:1], r.agents[1:]
        r.symmetric = True


@registry.register("between-a-and-b")
def between_a_and_b(r: Reading, ctx: EventContext) -> None:
    """Rule: "between A and B" in the trigger's complement names both sides.

    "talks between Israel and Syria": with no agent, A acts on B, symmetrically; one act
    between three or more ("a meeting between Russia, Iran and Turkey", or an agentless passive:
    "the treaty was signed between Russia, Iran and Turkey") is between every two of them, but
    acts in the plural ("deals between Israel and the UAE, Bahrain and Kosovo") are the first's
    with each of the others. With an agent, "offered support in mediation between Israel and
    Iran", A and B are targets.
    """
    trig, tok = r.trigger, r.token
    if not (trig.between or "between" in trig.preps):
        return
    pair = ctx.mentions_of(between(tok, 1 if trig.pos == "NOUN" else 4), descend="none")
    agentless = trig.pos == "NOUN" or any(c.dep_ == "nsubjpass" for c in tok.children)
    if len(pair) >= 2 and not r.agents and agentless:
        one_act = trig.pos == "VERB" or tok.tag_ != "NNS"  # "deals between ...": one per pair named
        r.agents, r.targets = (list(pair), list(pair)) if one_act else (pair[:1], pair[1:])
        r.symmetric = True
    elif pair and r.agents:
        r.targets = r.targets + [p for p in pair if p not in r.targets]


@registry.register("names-listed-after-a-counted-object")
def names_listed_after_a_counted_object(r: Reading, ctx: EventContext) -> None:
    """Rule: names listed after a counted object are its members.

    "The House has only impeached two Presidents in the history of the United States, Bill
    Clinton and Andrew Johnson" -> Clinton and Johnson: the object is a plural noun with a
    number and no name of its own, and the list (names, after a comma) hangs on the verb, as the
    parser attaches it, or on the object.
    """
    tok = r.token
    if r.targets or r.trigger.pos != "VERB":
        return
    counted = [o for o in r.args.objects if o.tag_ == "NNS" and any(c.dep_ == "nummod" for c in o.children)]
    if not counted:
        return
    obj = counted[0]
    listed = [c for c in [*tok.children, *obj.children] if c.dep_ in ("npadvmod", "appos") and c.i > obj.i
              and c.pos_ == "PROPN" and c.i in ctx.tok_mention and ctx.doc[c.left_edge.i - 1].text == ","]
    r.targets = ctx.mentions_of(listed[:1], descend="none")
