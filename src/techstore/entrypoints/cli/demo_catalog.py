"""A technology store's catalogue for the demo: a dozen categories and several hundred products with
plausible SKUs, valid EAN-13 barcodes, prices, costs and stock, some at or below their minimum.

It goes in the way a real catalogue would: one CSV import (validated, in one transaction, bulk
inserts, every unit of stock an ``initial`` movement), so seeding stays fast on ``make run``.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Iterator
from decimal import Decimal

from stdnum import imei as imei_numbers
from stdnum import luhn

from techstore.application.catalog.commands import SerialKindName
from techstore.domain.shared.money import round_cents

CATEGORIES = {
    "Phones": "Smartphones, unlocked",
    "Laptops": "Notebooks for home, school and work",
    "Tablets": "Tablets and e-readers",
    "Smartwatches": "Watches and fitness bands",
    "Cables": "Charging, data and video cables",
    "Chargers": "Wall, car and wireless chargers",
    "Cases": "Phone and tablet cases",
    "Screen protectors": "Tempered glass and film",
    "Storage": "Memory cards, flash drives and external disks",
    "Audio": "Earbuds, headphones and speakers",
    "Networking": "Routers, mesh systems and adapters",
    "Peripherals": "Keyboards, mice and webcams",
    "Repair parts": "Screens, batteries and ports for the workshop",
    "Gift cards": "Store gift cards",
    "Services": "Set-up, data transfer and fitting at the counter",
}
# Taxed at the demo's "Exempt" rate (0%); every other category at the default, "Sales tax" (8.25%).
EXEMPT_CATEGORIES = ("Gift cards", "Services")
# (category, SKU, name, price): sold at a fixed price, never short of stock.
FIXED_PRICE = [
    ("Gift cards", "GIFT-25", "Gift card 25.00", 25), ("Gift cards", "GIFT-50", "Gift card 50.00", 50),
    ("Gift cards", "GIFT-100", "Gift card 100.00", 100),
    ("Services", "SRV-SETUP", "Phone set-up and data transfer", 29),
    ("Services", "SRV-FIT", "Screen protector fitting", 9),
]

PHONES = [("SAM", "Samsung Galaxy", ["A15", "A25", "A35", "A55", "S24"]), ("APL", "Apple iPhone", ["13", "14", "15"]),
          ("XMI", "Xiaomi Redmi Note", ["13", "13 Pro"]), ("MOT", "Motorola Moto", ["G54", "G84"]),
          ("GOO", "Google Pixel", ["8a", "8"])]
COLOURS = [("BLK", "black"), ("BLU", "blue"), ("WHT", "white")]


def ean13(body: str) -> str:
    """A 12-digit body with its check digit (weights 1, 3, 1, 3, ... from the left)."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _money(value: float | Decimal) -> Decimal:
    """A made-up price to the cent (demo data may start from a float; what is stored never does)."""
    return round_cents(Decimal(str(value)))


def _price(low: int, high: int, rng: random.Random) -> Decimal:
    return _money(rng.randrange(low, high) + 0.99 if high > 20 else rng.randrange(low * 10, high * 10) / 10 + 0.09)


def _products() -> Iterator[tuple[str, str, str, int, int]]:
    """(category, SKU, name, price floor, price ceiling) for every product."""
    for code, brand, models in PHONES:
        for tier, model in enumerate(models):
            for storage, extra in (("128", 0), ("256", 100)):
                for colour_code, colour in COLOURS[:2]:
                    sku = f"PHN-{code}-{model.replace(' ', '')}-{storage}-{colour_code}".upper()
                    floor = 150 + 150 * tier + extra  # dearer models and more storage cost more
                    yield "Phones", sku, f"{brand} {model} {storage} GB, {colour}", floor, floor + 30
            for kind, name in (("SIL", "silicone case"), ("CLR", "clear case"), ("WAL", "wallet case")):
                yield "Cases", f"CASE-{code}-{model.replace(' ', '')}-{kind}".upper(), f"{brand} {model} {name}", 9, 35
            yield ("Screen protectors", f"GLS-{code}-{model.replace(' ', '')}".upper(),
                   f"{brand} {model} tempered glass", 7, 20)
            for part, name, low, high in (("LCD", "screen assembly", 45, 260), ("BAT", "battery", 18, 60),
                                          ("PORT", "charging port flex", 8, 25)):
                yield ("Repair parts", f"RP-{code}-{model.replace(' ', '')}-{part}".upper(),
                       f"{brand} {model} {name} (part)", low, high)
    for code, brand, models in (("LEN", "Lenovo", ["IdeaPad 3", "ThinkPad E14", "IdeaPad Slim 5"]),
                                ("HP", "HP", ["250 G9", "Pavilion 15"]),
                                ("DEL", "Dell", ["Inspiron 15", "Latitude 3540"]),
                                ("ASU", "ASUS", ["VivoBook 15", "ZenBook 14"]), ("ACR", "Acer", ["Aspire 5"]),
                                ("APL", "Apple", ["MacBook Air M2", "MacBook Air M3"])):
        for model in models:
            for ram, ssd in (("8", "256"), ("16", "512")):
                sku = f"LAP-{code}-{model.replace(' ', '')}-{ram}-{ssd}".upper()
                yield "Laptops", sku, f"{brand} {model}, {ram} GB RAM, {ssd} GB SSD", 380, 1600
    for code, name, sizes in (("IPAD", "Apple iPad 10th gen", ["64", "256"]),
                              ("TABA9", "Samsung Galaxy Tab A9", ["64", "128"]),
                              ("M10", "Lenovo Tab M10", ["64", "128"]), ("KNDL", "Kindle Paperwhite", ["16"])):
        for size in sizes:
            yield "Tablets", f"TAB-{code}-{size}", f"{name} {size} GB", 120, 600
    for code, name in (("GW6", "Samsung Galaxy Watch6"), ("AWSE", "Apple Watch SE"), ("MB8", "Xiaomi Smart Band 8"),
                       ("FBC6", "Fitbit Charge 6")):
        for size in ("40", "44"):
            yield "Smartwatches", f"WCH-{code}-{size}", f"{name} {size} mm", 45, 330
    for code, name in (("CC", "USB-C to USB-C cable"), ("AC", "USB-A to USB-C cable"),
                       ("LTN", "USB-C to Lightning cable"),
                       ("HDMI", "HDMI 2.1 cable"), ("DP", "DisplayPort cable"), ("CAT6", "Ethernet Cat6 cable")):
        for length in ("0.5", "1", "2", "3"):
            for colour_code, colour in COLOURS[:2]:
                sku = f"CBL-{code}-{length.replace('.', '')}M-{colour_code}"
                yield "Cables", sku, f"{name}, {length} m, {colour}", 4, 25
    for watts in ("20", "25", "30", "45", "65", "100"):
        yield "Chargers", f"CHG-PD-{watts}W", f"USB-C PD wall charger {watts} W", 12, 60
        yield "Chargers", f"CHG-PD-{watts}W-2P", f"USB-C PD wall charger {watts} W, two ports", 16, 70
    for code, name in (("CAR-30W", "Car charger 30 W, USB-C and USB-A"), ("QI-15W", "Wireless charging pad 15 W"),
                       ("QI-3IN1", "3-in-1 wireless charging stand"), ("PB-10K", "Power bank 10,000 mAh"),
                       ("PB-20K", "Power bank 20,000 mAh")):
        yield "Chargers", f"CHG-{code}", name, 15, 60
    for size in ("32", "64", "128", "256", "512"):
        yield "Storage", f"STO-MSD-{size}", f"microSDXC card {size} GB, A2", 6, 60
        yield "Storage", f"STO-USB-{size}", f"USB 3.2 flash drive {size} GB", 6, 55
    for size, name in (("500G", "500 GB"), ("1T", "1 TB"), ("2T", "2 TB")):
        yield "Storage", f"STO-SSD-{size}", f"Portable SSD {name}, USB-C", 55, 190
        yield "Storage", f"STO-HDD-{size}", f"Portable hard disk {name}, USB 3.0", 45, 110
    for code, name in (("BUDS-FE", "Galaxy Buds FE"), ("APODS-2", "AirPods 2nd gen"), ("APODS-P2", "AirPods Pro 2"),
                       ("JBL-T110", "JBL Tune 110 in-ear"), ("JBL-T520", "JBL Tune 520BT headphones"),
                       ("SONY-CH520", "Sony WH-CH520 headphones"), ("SONY-XM5", "Sony WH-1000XM5 headphones"),
                       ("JBL-GO3", "JBL Go 3 speaker"), ("JBL-FLIP6", "JBL Flip 6 speaker"),
                       ("ANK-A20", "Soundcore A20i earbuds")):
        for colour_code, colour in COLOURS[:2]:
            yield "Audio", f"AUD-{code}-{colour_code}", f"{name}, {colour}", 15, 380
    for code, name in (("AX1500", "Wi-Fi 6 router AX1500"), ("AX3000", "Wi-Fi 6 router AX3000"),
                       ("MESH-2", "Mesh Wi-Fi system, 2 pack"), ("MESH-3", "Mesh Wi-Fi system, 3 pack"),
                       ("SW-5", "Gigabit switch, 5 ports"), ("SW-8", "Gigabit switch, 8 ports"),
                       ("USB-AX", "USB Wi-Fi 6 adapter"), ("EXT-AX", "Wi-Fi 6 range extender"),
                       ("PLC-1G", "Powerline adapter kit 1 Gbit")):
        yield "Networking", f"NET-{code}", name, 15, 250
    for code, name in (("MS-WL", "Wireless mouse"), ("MS-BT", "Bluetooth mouse, silent"),
                       ("KB-WL", "Wireless keyboard"),
                       ("KB-MK", "Mechanical keyboard"), ("COMBO", "Wireless keyboard and mouse set"),
                       ("CAM-1080", "Webcam 1080p"), ("CAM-4K", "Webcam 4K"), ("HUB-7", "USB-C hub, 7 in 1"),
                       ("STAND", "Laptop stand, aluminium"), ("PAD-XL", "Desk mat XL")):
        for colour_code, colour in COLOURS[:2]:
            yield "Peripherals", f"PER-{code}-{colour_code}", f"{name}, {colour}", 9, 140


def demo_catalogue_csv(seed: int = 2026, extra: int = 0) -> str:
    """The demo catalogue as the CSV the import reads: deterministic, so every demo looks alike."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["sku", "barcode", "name", "category", "price", "cost", "stock", "min_stock", "is_active"])
    for number, (category, sku, name, low, high) in enumerate(_products()):
        price = _price(low, high, rng)
        cost = _money(price * Decimal(rng.randrange(50, 75)) / 100)
        min_stock = rng.choice((1, 2, 3, 5, 8, 10))
        # About one product in eight is at or below its minimum: the low-stock view has something to show.
        stock = rng.randint(0, min_stock) if rng.random() < 0.125 else rng.randint(min_stock + 1, 60)
        barcode = ean13(f"20{number:010d}")  # 20-29: numbers a store assigns to its own articles
        writer.writerow([sku, barcode, name, category, price, cost, stock, min_stock, "yes"])
    # After the others, so that their random draws and barcodes stay as they were.
    for code, (category, sku, name, amount) in enumerate(FIXED_PRICE, start=number + 1):
        writer.writerow([sku, ean13(f"20{code:010d}"), name, category, _money(amount), "", 500, 0, "yes"])
    names = list(CATEGORIES)
    for number in range(extra):  # a long tail of accessories and parts, for a large demo history
        price = _price(3, 120, rng)
        writer.writerow([f"EXT-{number + 1:05d}", "", f"Accessory {number + 1:05d}", rng.choice(names), price,
                         _money(price * Decimal(rng.randrange(45, 75)) / 100), rng.randint(5, 80), 2, "yes"])
    return out.getvalue()


# Serialized (PRODUCT.md, "Serialized units"): every phone by its IMEI, the laptops of these brands by their serial;
# (serial kind, warranty months) per SKU prefix. Their stock comes in after the import, a unit per serial.
SERIALIZED: dict[str, tuple[SerialKindName, int]] = {
    "PHN-APL-": ("imei", 24), "PHN-GOO-": ("imei", 24), "PHN-": ("imei", 12),
    "LAP-APL-": ("serial", 24), "LAP-LEN-": ("serial", 24), "LAP-DEL-": ("serial", 12)}
# Laptop serials in each maker's usual shape (made up): a prefix, then letters and digits.
_SERIAL_PREFIX = {"APL": "C02", "LEN": "PF4", "DEL": "DL"}
_SERIAL_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"


def serialized_kind(sku: str) -> tuple[SerialKindName, int] | None:
    """The demo's serial kind and warranty months for a product, or None when it is only counted."""
    return next((kind for prefix, kind in SERIALIZED.items() if sku.startswith(prefix)), None)


def without_serialized_stock(text: str) -> tuple[str, dict[str, int]]:
    """The catalogue CSV with the serialized products' stock left out (0), and that stock by SKU: it is received
    afterwards with a serial per unit, once they are serialized."""
    rows = list(csv.reader(io.StringIO(text)))
    header, stock = rows[0], dict[str, int]()
    header_index = {name: i for i, name in enumerate(rows[0])}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows[1:]:
        sku = row[header_index["sku"]]
        if serialized_kind(sku) is not None:
            stock[sku] = int(row[header_index["stock"]])
            row[header_index["stock"]] = "0"
        writer.writerow(row)
    return out.getvalue(), stock


def imeis(product_number: int, count: int, start: int = 1) -> list[str]:
    """``count`` IMEIs of one phone model: a type allocation code from the test range (reporting body "00",
    which GSMA keeps for test IMEIs: no real phone has one; made up, one per product), a serial number, and the
    Luhn check digit (python-stdnum computes it)."""
    tac = f"00{(product_number * 7919) % 1_000_000:06d}"
    numbers = [f"{tac}{n:06d}" for n in range(start, start + count)]
    return [number + luhn.calc_check_digit(number) for number in numbers if imei_numbers.is_valid(
        number + luhn.calc_check_digit(number))]


def laptop_serials(sku: str, count: int, seed: int = 2026) -> list[str]:
    """``count`` serials of one laptop model, in its maker's shape (made up, the same every run)."""
    rng = random.Random(f"{seed}-{sku}")
    prefix = _SERIAL_PREFIX.get(sku.split("-")[1], "SN")
    serials: list[str] = []
    while len(serials) < count:
        serial = prefix + "".join(rng.choice(_SERIAL_LETTERS) for _ in range(12 - len(prefix)))
        if serial not in serials:
            serials.append(serial)
    return serials
