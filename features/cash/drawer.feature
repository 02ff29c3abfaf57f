Feature: The cash drawer
  Each user opens their drawer with a float; at most one open session per
  user. While it is open, every amount the user takes or pays is recorded
  against it: sales, account payments and refunds, by method. Pay-ins and
  pay-outs need a reason. Closing records the cash counted, what was expected
  and the difference; then the session never changes. Staff see their own
  sessions, admins everyone's.

  Background:
    Given an admin "ada"
    And a staff member "sam"
    And a staff member "rita"
    And a manager "mia"
    And these products:
      | sku   | name        | price  | stock |
      | CASE  | Phone case  | 12.50  | 10    |
    And the customer "Ana Silva" with the email "ana@example.com"

  Scenario: Sales, refunds, payments and pay-outs make the expected cash
    Given "sam" has opened the drawer with 100.00
    And a sale of:
      | sku  | quantity |
      | CASE | 2        |
    And "sam" has rung it up paid by cash 20.00 and card 5.00
    And "sam" has returned from "S-000001" because "Wrong colour", refunded by cash 12.50:
      | sku  | quantity |
      | CASE | 1        |
    When "sam" takes a payment of 30.00 by cash from "Ana Silva"
    And "sam" pays out 5.00 because "Window cleaner"
    And "sam" pays in 10.00 because "Change from the bank"
    Then the drawer of "sam" expects 142.50: float 100.00, sales 20.00, received 30.00, refunds 12.50, pay-ins 10.00, pay-outs 5.00
    And the drawer of "sam" took cash 3 times for 37.50
    And the drawer of "sam" took card 1 times for 5.00

  Scenario: Closing short records the difference and freezes the session
    Given "sam" has opened the drawer with 50.00
    And a sale of:
      | sku  | quantity |
      | CASE | 1        |
    And "sam" has rung it up paid by cash 12.50
    When "sam" closes the drawer of "sam" counting 61.50
    Then it is accepted
    And the drawer of "sam" is closed short 1.00, counted 61.50, difference -1.00
    And "sam" has no open drawer
    When "sam" pays out 1.00 because "Late"
    Then it is refused as a conflict
    When "ada" closes the drawer of "sam" counting 62.50
    Then it is refused as a conflict

  Scenario: A sale after the close is not recorded in the closed session
    Given "sam" has opened the drawer with 50.00
    And "sam" has closed the drawer counting 50.00
    And a sale of:
      | sku  | quantity |
      | CASE | 1        |
    And "sam" has rung it up paid by cash 12.50
    Then the drawer of "sam" is closed exact, counted 50.00, difference 0.00
    And the drawer of "sam" expects 50.00: float 50.00, sales 0.00, received 0.00, refunds 0.00, pay-ins 0.00, pay-outs 0.00

  Scenario: One open session per user
    Given "sam" has opened the drawer with 100.00
    When "sam" opens the drawer with 20.00
    Then it is refused as a conflict
    When "rita" opens the drawer with 20.00
    Then it is accepted

  Scenario: Pay-ins and pay-outs need a reason, on one's own drawer
    Given "sam" has opened the drawer with 100.00
    When "sam" pays out 5.00 because " "
    Then it is refused as invalid input for "reason"
    When "rita" pays out 5.00 into the drawer of "sam" because "Mine now"
    Then it is refused as admin-only

  Scenario: Staff see their own sessions, managers and admins everyone's
    Given "sam" has opened the drawer with 100.00
    And "rita" has opened the drawer with 50.00
    When "rita" reads the drawer of "sam"
    Then it is refused as admin-only
    When "sam" closes the drawer of "rita" counting 50.00
    Then it is refused as admin-only
    And "sam" sees 1 sessions
    And "ada" sees 2 sessions
    And "mia" sees 2 sessions

  Scenario: An admin closes anyone's drawer
    Given "sam" has opened the drawer with 100.00
    When "ada" closes the drawer of "sam" counting 101.00
    Then the drawer of "sam" is closed over 1.00, counted 101.00, difference 1.00

  Scenario: Without the rule, cash with no open session is taken but not recorded
    Given a sale of:
      | sku  | quantity |
      | CASE | 1        |
    When "sam" rings it up paid by cash 12.50
    Then the sale numbers are S-000001

  Scenario: With the rule, cash with no open session is refused and records nothing
    Given the store requires an open cash session for cash
    And a sale of:
      | sku  | quantity |
      | CASE | 1        |
    When "sam" rings it up paid by cash 12.50
    Then it is refused as a conflict
    And no sale was recorded
    And the product "CASE" has 10 in stock
    When "sam" rings it up paid by card 12.50
    Then the sale numbers are S-000001
    When "sam" takes a payment of 5.00 by cash from "Ana Silva"
    Then it is refused as a conflict
    And the balance of "Ana Silva" is 0.00

  Scenario: A pay-out never takes the expected cash below zero
    Given "sam" has opened the drawer with 20.00
    When "sam" pays out 20.01 because "Courier"
    Then it is refused as a conflict
    And the drawer of "sam" expects 20.00: float 20.00, sales 0.00, received 0.00, refunds 0.00, pay-ins 0.00, pay-outs 0.00
    When "sam" pays out 20.00 because "Courier"
    Then it is accepted
    When "sam" pays out 0.01 because "Stamps"
    Then it is refused as a conflict
    And the drawer of "sam" expects 0.00: float 20.00, sales 0.00, received 0.00, refunds 0.00, pay-ins 0.00, pay-outs 20.00

  Scenario: A pay-in that would take the expected cash past the money range is refused; the drawer still closes
    Given "sam" has opened the drawer with 9999999999.99
    When "sam" pays in 0.01 because "Change from the bank"
    Then it is refused as invalid input for "amount"
    And the drawer of "sam" expects 9999999999.99: float 9999999999.99, sales 0.00, received 0.00, refunds 0.00, pay-ins 0.00, pay-outs 0.00
    When "sam" closes the drawer of "sam" counting 9999999999.99
    Then it is accepted
    And the drawer of "sam" is closed exact, counted 9999999999.99, difference 0.00

  Scenario: Cash received on an account past the drawer's money range is refused, and the account keeps its balance
    Given "sam" has opened the drawer with 9999999999.99
    And a sale by "sam" has charged "Ana Silva" 10.00
    When "sam" takes a payment of 10.00 by cash from "Ana Silva"
    Then it is refused as invalid input for "amount"
    And the balance of "Ana Silva" is 10.00
    When "sam" takes a payment of 10.00 by card from "Ana Silva"
    Then it is accepted
