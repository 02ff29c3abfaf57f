Feature: Sales report and dashboard
  Days are the store's local days (TECHSTORE_TIMEZONE). Net sales of a day are
  the sales made that day, voided ones excluded, less the refunds of the
  returns made that day, by their refund methods. Figures hand-computed.

  Background:
    Given an admin "ada"
    And a staff member "sam"
    And a category "Accessories"
    And a category "Phones"
    And these products:
      | sku   | name       | price  | cost   | stock | category    |
      | CASE  | Phone case | 12.50  | 5.00   | 50    | Accessories |
      | CABLE | USB cable  | 9.99   |        | 50    | Accessories |
      | PHONE | Phone X    | 300.00 | 200.00 | 50    | Phones      |
    And the store's time zone is "America/New_York"
    And it is 2026-01-14 23:30 local time
    And a sale of:
      | sku  | quantity |
      | CASE | 2        |
    And "sam" has rung it up paid by cash 25.00
    And it is 2026-01-15 10:00 local time
    And a sale of:
      | sku   | quantity |
      | PHONE | 1        |
      | CABLE | 1        |
    And "sam" has rung it up paid by card 309.99
    And a sale of:
      | sku   | quantity |
      | CABLE | 2        |
    And "sam" has rung it up paid by cash 19.98
    And "ada" has voided the sale "S-000003" because "Rung up twice"
    And "sam" has returned from "S-000001" because "Too small", refunded by cash 12.50:
      | sku  | quantity |
      | CASE | 1        |

  Scenario: A sale at 23:30 local counts on its local day; its return the next day; a void nowhere
    When "sam" asks for the sales report from 2026-01-14 to 2026-01-15
    Then the report's days are:
      | day        | sales | amount | returns | refunded | net    |
      | 2026-01-14 | 1     | 25.00  | 0       | 0.00     | 25.00  |
      | 2026-01-15 | 1     | 309.99 | 1       | 12.50    | 297.49 |
    And the report's payment methods are:
      | method | taken  | refunded | net    |
      | cash   | 25.00  | 12.50    | 12.50  |
      | card   | 309.99 | 0.00     | 309.99 |
    And the report's categories are:
      | category    | units | revenue |
      | Phones      | 1     | 300.00  |
      | Accessories | 2     | 22.49   |
    And the report's top products by revenue are PHONE, CASE, CABLE
    And the report's top products by units are CASE, CABLE, PHONE
    And the report's margin is 107.50 on 312.50 over 2 lines, 1 line without a cost
    And the report's returns are 1 return of 1 unit refunding 12.50

  Scenario: Gross margin by category and by product, returns netted, unknown costs counted apart
    # CASE: 2 sold for 25.00 at 5.00, 1 returned for 12.50 (its cost 5.00 back): 12.50 - 5.00 = 7.50, 60 %.
    # PHONE: 300.00 - 200.00 = 100.00, 33.33 %. CABLE has no cost: its 9.99 is counted apart.
    # The voided sale of 2 cables counts nowhere.
    When "sam" asks for the sales report from 2026-01-14 to 2026-01-15
    Then the report's margins by category are:
      | category    | units | revenue | cost   | margin | margin % | without cost |
      | Phones      | 1     | 300.00  | 200.00 | 100.00 | 33.33    | 0.00         |
      | Accessories | 2     | 22.49   | 5.00   | 7.50   | 60.00    | 9.99         |
    And the report's margins by product are:
      | sku   | units | revenue | cost   | margin | margin % | without cost |
      | PHONE | 1     | 300.00  | 200.00 | 100.00 | 33.33    | 0.00         |
      | CASE  | 1     | 12.50   | 5.00   | 7.50   | 60.00    | 0.00         |
      | CABLE | 1     | 9.99    | 0.00   | 0.00   |          | 9.99         |

  Scenario: The margin weighs each sale line's own cost, not the product's cost today
    # The sales copied CASE's cost (5.00) onto their lines. Receiving 49 more at 9.00 afterwards makes CASE cost
    # (49 × 5.00 + 49 × 9.00) / 98 = 7.00 from now on; the report of the sales already made still weighs 5.00.
    Given a supplier "Acme"
    And a placed order from "Acme" for 49 of "CASE" at 9.00
    When "sam" receives 49 of "CASE" on "PO-000001"
    Then "CASE" has 98 in stock at cost 7.00
    When "sam" asks for the sales report from 2026-01-14 to 2026-01-15
    Then the report's margins by product are:
      | sku   | units | revenue | cost   | margin | margin % | without cost |
      | PHONE | 1     | 300.00  | 200.00 | 100.00 | 33.33    | 0.00         |
      | CASE  | 1     | 12.50   | 5.00   | 7.50   | 60.00    | 0.00         |
      | CABLE | 1     | 9.99    | 0.00   | 0.00   |          | 9.99         |
    And the report's margins by category are:
      | category    | units | revenue | cost   | margin | margin % | without cost |
      | Phones      | 1     | 300.00  | 200.00 | 100.00 | 33.33    | 0.00         |
      | Accessories | 2     | 22.49   | 5.00   | 7.50   | 60.00    | 9.99         |

  Scenario: The dashboard shows today's net sales and the last 30 days
    When "sam" opens the dashboard
    Then today's net sales are 1 sale of 309.99 less 12.50 refunded, 297.49
    And today's payment methods net cash -12.50 and card 309.99
    And the dashboard's 30 days end today with 297.49 and show 25.00 the day before

  Scenario: Local days follow the daylight saving change
    Given the store's time zone is "Europe/Lisbon"
    And it is 2026-03-28 23:30 local time
    And a sale of:
      | sku  | quantity |
      | CASE | 1        |
    And "sam" has rung it up paid by card 12.50
    And it is 2026-03-30 00:30 local time
    And a sale of:
      | sku   | quantity |
      | CABLE | 1        |
    And "sam" has rung it up paid by card 9.99
    When "sam" asks for the sales report from 2026-03-28 to 2026-03-30
    Then the report's days are:
      | day        | sales | amount | returns | refunded | net   |
      | 2026-03-28 | 1     | 12.50  | 0       | 0.00     | 12.50 |
      | 2026-03-30 | 1     | 9.99   | 0       | 0.00     | 9.99  |

  Scenario: A reversed range, or one longer than a century, is refused
    When "sam" asks for the sales report from 2026-01-15 to 2026-01-14
    Then it is refused as invalid input for "to"
    When "sam" asks for the sales report from 2000-01-01 to 2100-01-01
    Then it is refused as invalid input for "to"
    When "sam" asks for the sales report from 2000-01-01 to 2099-12-31
    Then the report's days are:
      | day        | sales | amount | returns | refunded | net    |
      | 2026-01-14 | 1     | 25.00  | 0       | 0.00     | 25.00  |
      | 2026-01-15 | 1     | 309.99 | 1       | 12.50    | 297.49 |
