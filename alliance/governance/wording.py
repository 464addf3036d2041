"""A poll's decision rule in plain, translated words, for the ballot page."""

from __future__ import annotations

from fractions import Fraction

from django.utils.translation import gettext as _

from alliance.governance.enums import Base, PollKind, QuorumBasis, Threshold, TieRule
from alliance.governance.models import Poll


def _share(text: str) -> str:
    names = {
        Fraction(1, 2): _("half"),
        Fraction(1, 3): _("one-third"),
        Fraction(2, 3): _("two-thirds"),
        Fraction(3, 4): _("three-quarters"),
        Fraction(1): _("all"),
    }
    share = Fraction(text)
    return names.get(share, f"{share.numerator}/{share.denominator}")


def rule_in_words(poll: Poll) -> list[str]:
    """Sentences saying how the poll is decided. Read from the frozen rule once the poll is
    open, from the draft's fields before."""
    rule = poll.frozen_rule
    if rule is not None:
        kind, threshold, base = rule["kind"], rule["threshold"], rule["base"]
        share, strict = rule["quorum"]["share"], rule["quorum"]["strict"]
        basis, tie, seats = rule["quorum_basis"], rule["tie_rule"], rule["seats"]
    else:
        kind, threshold, base = poll.kind, poll.threshold, poll.base
        share, strict = poll.quorum_share or None, poll.quorum_strict
        basis, tie, seats = poll.quorum_basis, poll.tie_rule, poll.seats
    lines = [
        _("Each member institution has one ballot.")
        if not poll.frozen_electorate
        or all(w == 1 for w in poll.frozen_electorate["weights"].values())
        else _("Each member institution has one ballot, carrying its vote weight.")
    ]
    if poll.secrecy == "secret":
        lines.append(
            _(
                "The ballot is secret: only that your institution voted is kept, and you get a "
                "receipt code to find your ballot in the published count."
            )
        )
    else:
        lines.append(_("The ballot is named: each institution's vote is published."))
    if share:
        who = (
            _("present at the meeting (in person or by proxy)")
            if basis == QuorumBasis.PRESENT
            else _("returning a ballot")
        )
        more = _("more than") if strict else _("at least")
        lines.append(
            _("Quorum: %(more)s %(share)s of the members entitled to vote must be %(who)s.")
            % {"more": more, "share": _share(share), "who": who}
        )
    else:
        lines.append(_("No quorum is required."))
    base_words = {
        Base.CAST: _("the votes cast for and against; abstentions do not count"),
        Base.CAST_AND_ABSTAIN: _("every ballot returned, abstentions included"),
        Base.PRESENT: _("every member present, whether it votes or not"),
        Base.ENTITLED: _("every member entitled to vote"),
    }[Base(base)]
    if kind == PollKind.CONSENT:
        lines.append(_("The proposal is adopted unless a member objects before the period ends."))
    elif kind == PollKind.ELECTION and seats > 1:
        lines.append(
            _("Mark up to %(n)d candidates; the %(n)d with the most votes are elected.")
            % {"n": seats}
        )
    elif threshold == Threshold.SIMPLE:
        lines.append(
            _("The motion passes with more yes than no.")
            if kind == PollKind.YES_NO
            else _("The option with the most votes wins.")
        )
    elif threshold == Threshold.CONSENSUS:
        lines.append(_("The motion passes if nobody votes no."))
    else:
        needed = {
            Threshold.ABSOLUTE: _("more than half"),
            Threshold.TWO_THIRDS: _("at least two-thirds"),
            Threshold.THREE_QUARTERS: _("at least three-quarters"),
            Threshold.UNANIMITY: _("all"),
        }[Threshold(threshold)]
        lines.append(_("It needs %(needed)s of %(base)s.") % {"needed": needed, "base": base_words})
    lines.append(
        {
            TieRule.FAILS: _("A tie decides nothing (a tied motion fails)."),
            TieRule.CASTING_VOTE: _("A tie is decided by the chair's casting vote."),
            TieRule.LOT: _("A tie is decided by lot."),
        }[TieRule(tie)]
    )
    return lines
