"""Demo customers: a few hundred, with realistic names, emails and phone numbers; some
owe money (opened through account movements, so every chain is whole), some have a
credit limit, a few are in credit. The same every run (a seeded generator)."""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from techstore.application.customers.provisioning import Opening
from techstore.domain.shared.payments import PaymentMethod

DEMO_CUSTOMERS = 300
FIRST_NAMES = [
    "Ana", "Bruno", "Carla", "Diego", "Elena", "Filipe", "Grace", "Hugo", "Inês", "João", "Katarina", "Luís",
    "Marta", "Nuno", "Olivia", "Pedro", "Quentin", "Rita", "Sofia", "Tiago", "Uma", "Vasco", "Wendy", "Xavier",
    "Yara", "Zoe", "Amir", "Beatriz", "Chen", "Daniela", "Emma", "Farah", "Gonçalo", "Hannah", "Igor", "Julia",
    "Kofi", "Leonor", "Mateo", "Noor",
]
LAST_NAMES = [
    "Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins", "Jesus", "Sousa",
    "Fernandes", "Gonçalves", "Gomes", "Lopes", "Marques", "Alves", "Almeida", "Ribeiro", "Pinto", "Carvalho",
    "Teixeira", "Moreira", "Correia", "Mendes", "Nunes", "Soares", "Vieira", "Monteiro", "Cardoso", "Rocha",
    "Smith", "Johnson", "Müller", "García", "Nguyen", "Kowalski", "O'Brien", "Rossi", "Dubois", "Tanaka",
]
STREETS = ["Rua Augusta", "Avenida da Liberdade", "Rua do Ouro", "Rua Garrett", "Avenida de Roma", "Rua da Prata",
           "Praça do Comércio", "Rua de Santa Catarina", "Avenida dos Aliados", "Rua das Flores"]
CITIES = ["Lisboa", "Porto", "Coimbra", "Braga", "Faro", "Aveiro", "Setúbal", "Évora"]
DOMAINS = ["example.com", "example.org", "example.net", "mail.example.com"]
NOTES = ["Prefers to be called after 6 pm.", "Company account: ask for the PO number.", "Regular: phones and cables.",
         "Brings laptops from the school.", ""]

# Paid before the shop opened its first drawer: by card or transfer (cash is taken only from an open drawer).
PAID_BY = [PaymentMethod.CARD, PaymentMethod.TRANSFER]


def _ascii(text: str) -> str:
    plain = text.lower().replace("'", "")
    for accented, letter in (("ê", "e"), ("ç", "c"), ("ü", "u"), ("í", "i"), ("é", "e"), ("ã", "a"), ("á", "a")):
        plain = plain.replace(accented, letter)
    return plain


def _address(rng: random.Random) -> str:
    postcode = f"{rng.randint(1000, 9999)}-{rng.randint(100, 999)}"
    return f"{rng.choice(STREETS)} {rng.randint(1, 250)}\n{postcode} {rng.choice(CITIES)}"


def demo_customers(count: int = DEMO_CUSTOMERS, seed: int = 10) -> Iterator[tuple[Mapping[str, Any], Opening]]:
    rng = random.Random(seed)
    phones: set[str] = set()
    for n in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        while True:
            digits = f"9{rng.randint(1, 6)}{rng.randint(0, 9_999_999):07d}"
            if digits not in phones:
                phones.add(digits)
                break
        kind = rng.random()
        details: dict[str, Any] = {
            "name": f"{first} {last}",
            # Some only leave an email, some only a phone; most leave both.
            "email": None if kind < 0.1 else f"{_ascii(first)}.{_ascii(last)}{n}@{rng.choice(DOMAINS)}",
            "phone": None if 0.1 <= kind < 0.2 else f"+351 {digits[:3]} {digits[3:6]} {digits[6:]}",
            "address": _address(rng) if rng.random() < 0.7 else None,
            "notes": rng.choice(NOTES) or None,
            "credit_limit": None,
        }
        opening: list[tuple[Decimal, PaymentMethod | str]] = []
        roll = rng.random()
        if roll < 0.35:  # owes money, within a credit limit
            limit = Decimal(rng.choice([250, 500, 1000, 2000]))
            details["credit_limit"] = limit
            debt = Decimal(rng.randint(2000, int(limit) * 100)) / 100
            opening.append((debt, "Balance carried over from the paper ledger"))
            if rng.random() < 0.5:
                opening.append(((debt / 3).quantize(Decimal("0.01")), rng.choice(PAID_BY)))
        elif roll < 0.45:  # owes money, no limit set
            opening.append((Decimal(rng.randint(500, 30000)) / 100, "Balance carried over from the paper ledger"))
        elif roll < 0.5:  # paid in advance: in credit
            opening.append((Decimal(rng.randint(1000, 20000)) / 100, PaymentMethod.TRANSFER))
        elif roll < 0.6:
            details["credit_limit"] = Decimal(rng.choice([100, 300, 500]))
        yield details, opening
