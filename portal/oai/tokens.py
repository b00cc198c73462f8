"""Resumption tokens: stateless, signed with the portal's secret (itsdangerous), carrying the request and
where the last page ended, so any worker can continue a harvest and no token can be forged or altered.

Pages continue after the last (datestamp, identifier) sent, not at an offset: a study added or deleted
during a harvest neither shifts nor repeats the others. A token older than PORTAL_OAI_TOKEN_HOURS, signed
with another key, or cut short is a badResumptionToken.
"""
from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

SALT = "oai-pmh-resumption-token"


class BadToken(Exception):
    pass


@dataclass(frozen=True)
class State:
    verb: str
    prefix: str
    set: str
    start: str  # from, as the harvester wrote it ("" when absent)
    until: str
    after: tuple[str, str]  # (datestamp, identifier) of the last entry sent
    cursor: int  # how many entries the earlier pages held


class Tokens:
    def __init__(self, secret: str, max_age_seconds: float):
        self.serializer = URLSafeTimedSerializer(secret, salt=SALT)
        self.max_age = max_age_seconds

    def dump(self, state: State) -> str:
        return self.serializer.dumps([state.verb, state.prefix, state.set, state.start, state.until,
                                      list(state.after), state.cursor])

    def load(self, token: str, verb: str) -> State:
        try:
            data = self.serializer.loads(token, max_age=self.max_age)
            v, prefix, spec, start, until, after, cursor = data
            state = State(v, prefix, spec, start, until, (str(after[0]), str(after[1])), int(cursor))
        except (SignatureExpired, BadSignature, ValueError, TypeError, IndexError, KeyError) as exc:
            raise BadToken(str(exc)) from None
        if state.verb != verb:  # a ListIdentifiers token given to ListRecords
            raise BadToken("the token belongs to another verb")
        return state
