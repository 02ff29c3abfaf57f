Feature: Serialized units in the catalog
  A product may be serialized: by IMEI (15 digits with a Luhn check digit) or by serial (letters, digits and -,
  up to 40), with warranty months from 0 to 120. Every unit in stock then has its own serial, unique for the
  product. Putting units in stock (initial stock, receiving goods, an adjustment up) names one serial per unit: a
  wrong count or a bad serial is invalid input, a serial already in stock a conflict. An adjustment down names the
  units taken out, written off as damaged. A serialized product's stock always equals its units in stock, and
  the stock check proves it. A unit is looked up by its serial: product, status, sale, customer, warranty end
  and repairs.

  Background:
    Given an admin "ada"
    And a staff member "sam"
    And a phone "PHONE" by IMEI with 12 months of warranty and the units 352099000000014, 352099000000022

  Scenario: A serialized product's stock is its units in stock
    Then "PHONE" has the units in stock 352099000000014, 352099000000022
    And the product "PHONE" has 2 in stock
    And every serialized product's stock is its units in stock

  Scenario: Receiving names one serial per unit, matched in capitals
    Given a laptop "LAPTOP" by serial with 24 months of warranty and no stock
    When "sam" receives 2 of "LAPTOP" with the serials pf4-ab12, PF4-AB13
    Then it is accepted
    And "LAPTOP" has the units in stock PF4-AB12, PF4-AB13
    And the product "LAPTOP" has 2 in stock
    And every product's stock is the sum of its movements
    And every serialized product's stock is its units in stock

  Scenario Outline: A wrong count or a bad IMEI is invalid input, and nothing comes in
    When "sam" receives <quantity> of "PHONE" with the serials <serials>
    Then it is refused as invalid input for "serials"
    And the refusal says "<words>"
    And the product "PHONE" has 2 in stock

    Examples:
      | quantity | serials                          | words               |
      | 2        | 352099000000030                  | exactly 2 serial(s) |
      | 1        | 352099000000031                  | check digit         |
      | 1        | 35209900000003                   | 15 digits           |
      | 2        | 352099000000030, 352099000000030 | twice               |

  Scenario: A serial already in stock is a conflict naming it
    When "sam" receives 2 of "PHONE" with the serials 352099000000030, 352099000000022
    Then it is refused as a conflict
    And the refusal says "352099000000022"
    And the product "PHONE" has 2 in stock

  Scenario: A product that is not serialized takes no serials
    Given a product "CABLE" with 3 in stock
    When "sam" receives 1 of "CABLE" with the serials X-1
    Then it is refused as invalid input for "serials"
    And the product "CABLE" has 3 in stock

  Scenario: A new serialized product's initial stock names its units
    When "sam" creates the serialized product "TAB" by "serial" with 2 in stock and the serials T-1
    Then it is refused as invalid input for "serials"
    When "sam" creates the serialized product "TAB" by "serial" with 2 in stock and the serials T-1, T-2
    Then it is accepted
    And "TAB" has the units in stock T-1, T-2

  Scenario Outline: Warranty months are from 0 to 120
    When "sam" creates the serialized product "TAB" by "serial" with <months> months of warranty
    Then it is refused as invalid input for "warranty_months"

    Examples:
      | months |
      | -1     |
      | 121    |

  Scenario: An adjustment down writes the named units off as damaged
    When "ada" adjusts the stock of "PHONE" by -1 naming 352099000000022 because "screen cracked in the box"
    Then it is accepted
    And the unit "352099000000022" of the catalog is damaged
    And "PHONE" has the units in stock 352099000000014
    And every serialized product's stock is its units in stock

  Scenario: The serial kind does not change while there is stock
    When "sam" changes the product "PHONE" with:
      | serial_kind | serial |
    Then it is refused as a conflict
    And the product "PHONE" is serialized by "imei"

  Scenario: A unit sold through the stock port is looked up with its warranty
    When the stock port sells the unit 352099000000014 of "PHONE"
    Then "sam" looks up 352099000000014 through the API and reads:
      | status | sold_at                     | warranty_until | sale_id | customer_id | repair_ids |
      | sold   | 2026-01-05T09:00:00         | 2027-01-05     | null    | null        | []         |
    And "PHONE" has the units in stock 352099000000022
    And every serialized product's stock is its units in stock

  Scenario: A unit in stock is looked up by its serial in any case; an unknown serial is not found
    When "sam" asks the API for "/units/352099000000022"
    Then the API answers 200
    When "sam" asks the API for "/units/352099000000099"
    Then the API answers 404

  Scenario: The stock check names a serialized product whose units differ from its stock
    Given a unit 352099000000030 of "PHONE" slipped into stock without its movement
    Then the stock check names "PHONE" with 2 in stock and 3 units in stock
