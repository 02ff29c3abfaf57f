Feature: Selling and returning serialized units
  A serialized product (a phone by its IMEI, a laptop by its serial) is sold by naming the units on its line:
  exactly as many serials as the quantity, each of the product's kind and in stock. A wrong count or a bad serial
  is invalid input on the line's serials; a serial that is not in stock is a conflict naming it. The sale keeps
  the serials, a void puts them back in stock. A return names the serials coming back: restocked units are in
  stock again, damaged ones are marked damaged. At the counter, scanning a unit's serial finds its product.

  Background:
    Given an admin "ada"
    And a staff member "sam"
    And the serialized product "PHONE" by "imei" with 12 months of warranty, in stock: 350000111111114, 350000111111122, 350000111111130
    And the serialized product "LAPTOP" by "serial" with 24 months of warranty, in stock: LT-0001, LT-0002
    And these products:
      | sku  | name       | price | stock |
      | CASE | Phone case | 12.50 | 10    |

  Scenario: A sale names its units; they are sold with the sale and its warranty
    Given a sale of:
      | sku    | quantity | serials                          |
      | PHONE  | 2        | 350000111111114, 350000111111122 |
      | LAPTOP | 1        | lt-0002                          |
      | CASE   | 1        |                                  |
    When "sam" rings it up paid by card 1512.50
    Then it is accepted
    And the sale "S-000001" sold "PHONE" as 350000111111114, 350000111111122
    And the sale "S-000001" sold "LAPTOP" as LT-0002
    And the unit "350000111111114" is sold on "S-000001" under warranty until 2027-01-05
    And the unit "LT-0002" is sold on "S-000001" under warranty until 2028-01-05
    And the product "PHONE" has 1 in stock
    And the product "LAPTOP" has 1 in stock
    And every product's stock is the sum of its movements

  Scenario Outline: A serialized line names exactly its units, of its kind
    Given a sale of:
      | sku   | quantity   | serials   |
      | PHONE | <quantity> | <serials> |
    When "sam" rings it up paid by card <paid>
    Then it is refused as invalid input for "items[0].serials"
    And no sale was recorded
    And the product "PHONE" has 3 in stock

    Examples:
      | quantity | serials                          | paid    |
      | 2        | 350000111111114                  | 1000.00 |
      | 1        |                                  | 500.00  |
      | 1        | 350000111111115                  | 500.00  |
      | 1        | 12345                            | 500.00  |
      | 2        | 350000111111114, 350000111111114 | 1000.00 |

  Scenario: A product that is not serialized names no serials
    Given a sale of:
      | sku  | quantity | serials         |
      | CASE | 1        | 350000111111114 |
    When "sam" rings it up paid by card 12.50
    Then it is refused as invalid input for "items[0].serials"

  Scenario: A unit not in stock is refused, naming it, beside its line
    Given a sale of:
      | sku   | quantity | serials         |
      | PHONE | 1        | 350000111111114 |
    And "sam" has rung it up paid by card 500.00
    And a sale of:
      | sku   | quantity | serials                          |
      | CASE  | 1        |                                  |
      | PHONE | 2        | 350000111111122, 350000111111114 |
    When "sam" rings it up paid by card 1012.50
    Then it is refused as a conflict on "items[1].serials"
    And the refusal says "350000111111114"
    And the product "PHONE" has 2 in stock
    And the unit "350000111111122" is in stock

  Scenario: An unknown serial is not in stock
    Given a sale of:
      | sku   | quantity | serials         |
      | PHONE | 1        | 350000222222214 |
    When "sam" rings it up paid by card 500.00
    Then it is refused as a conflict on "items[0].serials"
    And the refusal says "350000222222214"

  Scenario: A void puts the units back in stock
    Given a sale of:
      | sku   | quantity | serials         |
      | PHONE | 1        | 350000111111130 |
    And "sam" has rung it up paid by card 500.00
    When "ada" voids the sale "S-000001" because "Wrong phone"
    Then it is accepted
    And the unit "350000111111130" is in stock
    And the product "PHONE" has 3 in stock

  Scenario: A return names the units coming back: restocked in stock, damaged marked damaged
    # Returned by the admin: a refund above the staff's limit needs no approval.
    Given a sale of:
      | sku   | quantity | serials                                          |
      | PHONE | 3        | 350000111111114, 350000111111122, 350000111111130 |
    And "sam" has rung it up paid by card 1500.00
    When "ada" returns from "S-000001" because "Changed mind", refunded by card 500.00:
      | sku   | quantity | serials         |
      | PHONE | 1        | 350000111111122 |
    Then it is accepted
    And the return "RT-000001" took back "PHONE" as 350000111111122
    And the unit "350000111111122" is in stock
    When "ada" returns from "S-000001" because "Cracked", refunded by card 500.00:
      | sku   | quantity | restock | serials         |
      | PHONE | 1        | no      | 350000111111130 |
    Then it is accepted
    And the unit "350000111111130" is damaged
    And the product "PHONE" has 1 in stock
    And every product's stock is the sum of its movements

  Scenario: A return names exactly its units, each sold on that sale and not back yet
    Given a sale of:
      | sku   | quantity | serials                          |
      | PHONE | 2        | 350000111111114, 350000111111122 |
    And "sam" has rung it up paid by card 1000.00
    When "ada" returns from "S-000001" because "Changed mind", refunded by card 500.00:
      | sku   | quantity | serials |
      | PHONE | 1        |         |
    Then it is refused as invalid input for "items[0].serials"
    When "ada" returns from "S-000001" because "Changed mind", refunded by card 500.00:
      | sku   | quantity | serials         |
      | PHONE | 1        | 350000111111130 |
    Then it is refused as a conflict on "items[0].serials"
    And the refusal says "350000111111130"
    Given "ada" has returned from "S-000001" because "Changed mind", refunded by card 500.00:
      | sku   | quantity | serials         |
      | PHONE | 1        | 350000111111114 |
    When "ada" returns from "S-000001" because "Again", refunded by card 500.00:
      | sku   | quantity | serials         |
      | PHONE | 1        | 350000111111114 |
    Then it is refused as a conflict on "items[0].serials"

  Scenario: Scanning a unit's serial at the counter finds its product; a sold one is refused
    When "sam" scans "350000111111114" at the counter
    Then the counter adds "PHONE" with the unit 350000111111114
    When "sam" scans "lt-0001" at the counter
    Then the counter adds "LAPTOP" with the unit LT-0001
    Given a sale of:
      | sku   | quantity | serials         |
      | PHONE | 1        | 350000111111114 |
    And "sam" has rung it up paid by card 500.00
    When "sam" scans "350000111111114" at the counter
    Then the counter refuses the unit, saying "was sold on sale S-000001"
    When "sam" scans "NO-SUCH-UNIT" at the counter
    Then the counter finds no unit
