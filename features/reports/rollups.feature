Feature: Reports over years, closed days rolled up
  A report may cover any range of local days. Closed days are summed once into
  the reports' daily rollups (`techstore reports roll-up`, or the worker); a
  report combines the days rolled up with the others, read live from the
  documents, and equals the documents to the cent. A void of a sale of a day
  already rolled up makes that day read live again until it is rolled up anew;
  a return counts on the day it is made. The money check proves the rollups
  equal the documents. Figures hand-computed.

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
    And it is 2022-03-10 23:30 local time
    And a sale of:
      | sku  | quantity |
      | CASE | 2        |
    And "sam" has rung it up paid by cash 25.00
    And it is 2024-07-04 15:00 local time
    And a sale of:
      | sku   | quantity |
      | PHONE | 1        |
      | CABLE | 1        |
    And "sam" has rung it up paid by card 309.99
    And a sale of:
      | sku   | quantity |
      | CABLE | 2        |
    And "sam" has rung it up paid by cash 19.98
    And it is 2026-11-02 09:00 local time
    And the closed days are rolled up

  Scenario: Five years, the closed days rolled up, equal the documents
    When "sam" asks for the sales report from 2022-01-01 to 2026-12-31
    Then the report's days are:
      | day        | sales | amount | returns | refunded | net    |
      | 2022-03-10 | 1     | 25.00  | 0       | 0.00     | 25.00  |
      | 2024-07-04 | 2     | 329.97 | 0       | 0.00     | 329.97 |
    And the report's payment methods are:
      | method | taken  | refunded | net    |
      | cash   | 44.98  | 0.00     | 44.98  |
      | card   | 309.99 | 0.00     | 309.99 |
    And the report's categories are:
      | category    | units | revenue |
      | Phones      | 1     | 300.00  |
      | Accessories | 5     | 54.97   |
    And the report's top products by revenue are PHONE, CABLE, CASE
    And the report's margin is 115.00 on 325.00 over 2 lines, 2 line without a cost
    And the money check holds

  Scenario: A void and a return after their days were rolled up
    # The void takes S-000003 out of 2024-07-04 (its cash back on the day of the void); the return of one case
    # counts today. Both before and after the changed days are rolled up again.
    Given "ada" has voided the sale "S-000003" because "Rung up twice"
    And "sam" has returned from "S-000001" because "Too small", refunded by cash 12.50:
      | sku  | quantity |
      | CASE | 1        |
    When "sam" asks for the sales report from 2022-01-01 to 2026-12-31
    Then the report's days are:
      | day        | sales | amount | returns | refunded | net    |
      | 2022-03-10 | 1     | 25.00  | 0       | 0.00     | 25.00  |
      | 2024-07-04 | 1     | 309.99 | 0       | 0.00     | 309.99 |
      | 2026-11-02 | 0     | 0.00   | 1       | 12.50    | -12.50 |
    And the report's payment methods are:
      | method | taken  | refunded | net    |
      | cash   | 25.00  | 12.50    | 12.50  |
      | card   | 309.99 | 0.00     | 309.99 |
    And the report's categories are:
      | category    | units | revenue |
      | Phones      | 1     | 300.00  |
      | Accessories | 2     | 22.49   |
    And the report's margin is 107.50 on 312.50 over 2 lines, 1 line without a cost
    And the report's returns are 1 return of 1 unit refunding 12.50
    And the money check holds
    Given it is 2026-11-03 10:00 local time
    And the closed days are rolled up
    When "sam" asks for the sales report from 2022-01-01 to 2026-12-31
    Then the report's days are:
      | day        | sales | amount | returns | refunded | net    |
      | 2022-03-10 | 1     | 25.00  | 0       | 0.00     | 25.00  |
      | 2024-07-04 | 1     | 309.99 | 0       | 0.00     | 309.99 |
      | 2026-11-02 | 0     | 0.00   | 1       | 12.50    | -12.50 |
    And the report's margin is 107.50 on 312.50 over 2 lines, 1 line without a cost
    And the money check holds
