Feature: The money journal
  Every amount of money that changes hands, or is put on a customer's
  account, is one journal entry: its kind, method, signed amount (+ taken,
  − paid out), the document it belongs to, the cash session that held it,
  the user and the time. Entries never change: a void adds reversing
  entries. Cash is taken or paid only from an open drawer, unless the store
  lets cash go outside any drawer; then it is still journalled, with no
  session.

  Background:
    Given an admin "ada"
    And a staff member "sam"
    And these products:
      | sku   | name        | price  | stock |
      | CASE  | Phone case  | 12.50  | 10    |
    And the customer "Ana Silva" with the email "ana@example.com"
    And the store requires an open cash session for cash

  Scenario: A sale, a return, a payment on account and a pay-out are each journalled once
    Given "sam" has opened the drawer with 100.00
    And a sale of:
      | sku  | quantity |
      | CASE | 2        |
    And the customer "Ana Silva"
    And "sam" has rung it up paid by cash 15.00 and card 5.00 and account 5.00
    And "sam" has returned from "S-000001" because "Wrong colour", refunded by cash 12.50:
      | sku  | quantity |
      | CASE | 1        |
    When "sam" takes a payment of 30.00 by cash from "Ana Silva"
    And "sam" pays out 5.00 because "Window cleaner"
    Then the journal holds, in order:
      | kind            | method  | amount | document | drawer |
      | sale            | cash    | 15.00  | S-000001 | sam    |
      | sale            | card    | 5.00   | S-000001 | sam    |
      | sale            | account | 5.00   | S-000001 | sam    |
      | refund          | cash    | -12.50 | RT-000001 | sam   |
      | account_payment | cash    | 30.00  | Ana Silva | sam   |
      | pay_out         | cash    | -5.00  |          | sam    |
    And the drawer of "sam" expects 127.50: float 100.00, sales 15.00, received 30.00, refunds 12.50, pay-ins 0.00, pay-outs 5.00

  Scenario: A void adds reversing entries, paid back from the voider's open drawer
    Given "sam" has opened the drawer with 100.00
    And "ada" has opened the drawer with 50.00
    And a sale of:
      | sku  | quantity |
      | CASE | 1        |
    And "sam" has rung it up paid by cash 10.00 and card 2.50
    When "ada" voids the sale "S-000001" because "Rang up twice"
    Then it is accepted
    And the journal holds, in order:
      | kind     | method | amount | document | drawer |
      | sale     | cash   | 10.00  | S-000001 | sam    |
      | sale     | card   | 2.50   | S-000001 | sam    |
      | reversal | cash   | -10.00 | S-000001 | ada    |
      | reversal | card   | -2.50  | S-000001 | ada    |
    And the drawer of "sam" expects 110.00: float 100.00, sales 10.00, received 0.00, refunds 0.00, pay-ins 0.00, pay-outs 0.00
    And the drawer of "ada" expects 40.00: float 50.00, sales -10.00, received 0.00, refunds 0.00, pay-ins 0.00, pay-outs 0.00

  Scenario: Cash without an open drawer is refused and nothing is recorded; a card is taken
    Given a sale of:
      | sku  | quantity |
      | CASE | 1        |
    When "sam" rings it up paid by cash 12.50
    Then it is refused as a conflict
    And the refusal says "Open a cash session first"
    And the journal is empty
    And the product "CASE" has 10 in stock
    When "sam" rings it up paid by card 12.50
    Then it is accepted
    And the journal holds, in order:
      | kind | method | amount | document | drawer |
      | sale | card   | 12.50  | S-000001 |        |

  Scenario: A void of a cash sale needs the voider's drawer open
    Given "sam" has opened the drawer with 100.00
    And a sale of:
      | sku  | quantity |
      | CASE | 1        |
    And "sam" has rung it up paid by cash 12.50
    When "ada" voids the sale "S-000001" because "Rang up twice"
    Then it is refused as a conflict
    And the sale "S-000001" is not voided

  Scenario: A store that lets cash go outside a drawer still journals it, with no session
    Given the store lets cash be taken outside a drawer
    And a sale of:
      | sku  | quantity |
      | CASE | 1        |
    When "sam" rings it up paid by cash 12.50
    Then it is accepted
    And the journal holds, in order:
      | kind | method | amount | document | drawer |
      | sale | cash   | 12.50  | S-000001 |        |

  Scenario: Only admins read the journal
    When "sam" reads the journal
    Then it is refused as admin-only
    When "ada" reads the journal
    Then it is accepted
