Feature: Money from the journal, repairs in the revenue
  Money by method reads the money journal on the day the money changed
  hands: what sales, repair deliveries and payments on accounts took, less
  the reversals of voided sales (on the day of the void), with refunds
  apart. Pay-ins and pay-outs move cash within the drawers: they are not
  takings. Cash taken with no drawer open shows apart on the dashboard.
  Revenue reads the documents: repairs delivered are their own line (their
  parts, and the rest as labour), and the net of a day is
  sales − returns + repairs. The X report of the drawer that took the money,
  the dashboard and the report agree to the cent.

  Background:
    Given an admin "ada"
    And a staff member "sam"
    And these products:
      | sku    | name             | price | stock |
      | SCREEN | iPhone 12 screen | 80.00 | 3     |
      | CASE   | Phone case       | 12.50 | 10    |
    And the customer "Ana Silva" with the email "ana@example.com"
    And the store's time zone is "Europe/Lisbon"
    And it is 2026-02-10 09:00 local time
    And "sam" has opened the drawer with 100.00

  Scenario: A repair delivered with card and cash shows in money by method and in the repairs line
    Given "sam" has taken in a "iPhone 12" from "Ana Silva" for "Cracked screen"
    And the repair has the price 149.99
    And "sam" has used 1 of "SCREEN" on the repair
    And the repair is "ready"
    When "sam" delivers the repair paid by card 200.00 and cash 29.99
    Then it is accepted
    When "sam" asks for the sales report from 2026-02-10 to 2026-02-10
    Then the report's payment methods are:
      | method | taken  | refunded | net    |
      | cash   | 29.99  | 0.00     | 29.99  |
      | card   | 200.00 | 0.00     | 200.00 |
    And the report's repairs are 1 repair for 229.99: parts 80.00, labour 149.99
    And the report's net revenue is 229.99
    When "sam" opens the dashboard
    Then today's revenue is sales 0.00, refunded 0.00, repairs 229.99, net 229.99
    And today's payment methods net cash 29.99 and card 200.00
    And the dashboard shows no cash outside a drawer
    And the X report of "sam", the dashboard and the sales report of today agree to the cent

  Scenario: A void gives the money back on its own day; pay-ins and pay-outs are not takings
    Given a sale of:
      | sku  | quantity |
      | CASE | 2        |
    And "sam" has rung it up paid by cash 15.00 and card 10.00
    And "sam" has taken a payment of 30.00 by cash from "Ana Silva"
    When "sam" pays in 20.00 because "Change from the bank"
    And "sam" pays out 5.00 because "Courier"
    And "sam" asks for the sales report from 2026-02-10 to 2026-02-10
    Then the report's payment methods are:
      | method | taken | refunded | net   |
      | cash   | 45.00 | 0.00     | 45.00 |
      | card   | 10.00 | 0.00     | 10.00 |
    And the X report of "sam", the dashboard and the sales report of today agree to the cent
    Given it is 2026-02-11 10:00 local time
    And "ada" has opened the drawer with 50.00
    And "ada" has voided the sale "S-000001" because "Rung up twice"
    When "sam" asks for the sales report from 2026-02-10 to 2026-02-10
    Then the report's payment methods are:
      | method | taken | refunded | net   |
      | cash   | 45.00 | 0.00     | 45.00 |
      | card   | 10.00 | 0.00     | 10.00 |
    And the report's net revenue is 0.00
    When "sam" asks for the sales report from 2026-02-11 to 2026-02-11
    Then the report's payment methods are:
      | method | taken  | refunded | net    |
      | cash   | -15.00 | 0.00     | -15.00 |
      | card   | -10.00 | 0.00     | -10.00 |
    And the X report of "ada", the dashboard and the sales report of today agree to the cent

  Scenario: Cash taken with no drawer open shows apart on the dashboard
    Given a sale of:
      | sku  | quantity |
      | CASE | 1        |
    And "sam" has rung it up paid by cash 12.50
    And a sale of:
      | sku  | quantity |
      | CASE | 1        |
    And "ada" has rung it up paid by cash 12.50
    When "ada" opens the dashboard
    Then today's payment methods net cash 25.00 and card 0.00
    And the dashboard shows cash outside a drawer 12.50
