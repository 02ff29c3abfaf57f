Feature: Current accounts
  A customer's balance is what they owe the store (positive = debt). It only
  changes through account movements, each recording the balance before and
  after it: charges (a sale or repair on account, within the credit limit),
  payments, admin adjustments with a reason, reversals of charges and refunds.

  Background:
    Given an admin "ada"
    And a staff member "sam"
    And a manager "mia"
    And the customer "Ana Silva" with the email "ana@example.com"

  Scenario: A sale on account charges the customer
    When a sale by "sam" charges "Ana Silva" 120.00
    Then it is accepted
    And the balance of "Ana Silva" is 120.00

  Scenario: A payment lowers the debt, and may leave a credit
    Given a sale by "sam" has charged "Ana Silva" 100.00
    When "sam" takes a payment of 30.00 by cash from "Ana Silva"
    Then it is accepted
    When "sam" takes a payment of 100.00 by card from "Ana Silva"
    Then it is accepted
    And the balance of "Ana Silva" is -30.00
    And the movements of "Ana Silva" are:
      | type    | amount  | balance before | balance after | description     |
      | charge  | 100.00  | 0.00           | 100.00        | Sale S-000001   |
      | payment | -30.00  | 100.00         | 70.00         | Payment (cash)  |
      | payment | -100.00 | 70.00          | -30.00        | Payment (card)  |

  Scenario Outline: A payment must be more than zero, by cash, card or transfer
    When "sam" takes a payment of <amount> by <method> from "Ana Silva"
    Then it is refused as invalid input for "<field>"
    And the balance of "Ana Silva" is 0.00
    And "Ana Silva" has no movements

    Examples:
      | amount | method  | field  |
      | 0.00   | cash    | amount |
      | -5.00  | cash    | amount |
      | 5.00   | cheque  | method |

  Scenario: An admin adjusts a balance either way, giving a reason
    When "ada" adjusts the balance of "Ana Silva" by 25.00 because "Old debt from the paper ledger"
    Then it is accepted
    When "ada" adjusts the balance of "Ana Silva" by -5.00 because "Goodwill"
    Then it is accepted
    And the balance of "Ana Silva" is 20.00
    And the movements of "Ana Silva" are:
      | type       | amount | balance before | balance after | description                   |
      | adjustment | 25.00  | 0.00           | 25.00         | Old debt from the paper ledger |
      | adjustment | -5.00  | 25.00          | 20.00         | Goodwill                      |

  Scenario: An adjustment needs a reason
    When "ada" adjusts the balance of "Ana Silva" by 25.00 because "  "
    Then it is refused as invalid input for "reason"
    And "Ana Silva" has no movements

  Scenario: Staff may not adjust balances, and are told so
    When "sam" adjusts the balance of "Ana Silva" by -25.00 because "Friend of mine"
    Then it is refused as admin-only
    And "Ana Silva" has no movements

  Scenario: A charge up to the credit limit is accepted; beyond it nothing is recorded
    Given "Ana Silva" has a credit limit of 150.00
    And a sale by "sam" has charged "Ana Silva" 100.00
    When a sale by "sam" charges "Ana Silva" 50.01
    Then it is refused as a conflict
    And the balance of "Ana Silva" is 100.00
    When a sale by "sam" charges "Ana Silva" 50.00
    Then it is accepted
    And the balance of "Ana Silva" is 150.00

  Scenario: Payments and adjustments are not held to the credit limit
    Given "Ana Silva" has a credit limit of 0.00
    When "ada" adjusts the balance of "Ana Silva" by 40.00 because "Migrated debt"
    Then it is accepted
    And the balance of "Ana Silva" is 40.00

  Scenario: Voiding a sale reverses its charge, once
    Given a sale by "sam" has charged "Ana Silva" 80.00
    When the sale's charge is reversed
    Then it is accepted
    And the balance of "Ana Silva" is 0.00
    When the sale's charge is reversed
    Then it is refused as a conflict
    And the balance of "Ana Silva" is 0.00

  Scenario: A return refunded to the account credits it
    Given a sale by "sam" has charged "Ana Silva" 80.00
    When a return refunds 30.00 to the account of "Ana Silva"
    Then it is accepted
    And the balance of "Ana Silva" is 50.00

  Scenario: A deleted customer cannot be charged
    Given "mia" has deleted the customer "Ana Silva"
    When a sale by "sam" charges "Ana Silva" 10.00
    Then it is refused as a conflict

  Scenario: A payment for a customer who does not exist
    When "sam" takes a payment of 10.00 by cash from customer number 999
    Then it is refused as not found

  Scenario: The statement of a period shows its movements and the balance at either end
    Given on 2026-01-10 a sale by "sam" has charged "Ana Silva" 100.00
    And on 2026-01-20 "sam" has taken a payment of 40.00 by transfer from "Ana Silva"
    And on 2026-02-05 a sale by "sam" has charged "Ana Silva" 15.00
    And on 2026-02-20 "sam" has taken a payment of 5.00 by cash from "Ana Silva"
    When "sam" asks for the statement of "Ana Silva" from 2026-01-15 to 2026-02-10
    Then the statement opens at 100.00 and closes at 75.00
    And the statement shows:
      | type    | amount | balance after |
      | payment | -40.00 | 60.00         |
      | charge  | 15.00  | 75.00         |

  Scenario: A statement of a quiet period opens and closes at the balance of the time
    Given on 2026-01-10 a sale by "sam" has charged "Ana Silva" 100.00
    When "sam" asks for the statement of "Ana Silva" from 2026-03-01 to 2026-03-31
    Then the statement opens at 100.00 and closes at 100.00
    And the statement shows no movements

  Scenario: Every account passes the check
    Given a sale by "sam" has charged "Ana Silva" 100.00
    And "sam" has taken a payment of 40.00 by transfer from "Ana Silva"
    Then every account passes the check

  Scenario Outline: No movement takes a balance past the money range, and nothing is recorded
    Given "ada" has adjusted the balance of "Ana Silva" by <start> because "Migrated"
    When <movement>
    Then it is refused as invalid input for "amount"
    And the balance of "Ana Silva" is <start>

    Examples:
      | start          | movement                                                               |
      | 9999999999.99  | "ada" adjusts the balance of "Ana Silva" by 0.01 because "Interest"    |
      | 9999999999.99  | a sale by "sam" charges "Ana Silva" 0.01                               |
      | -9999999999.99 | "ada" adjusts the balance of "Ana Silva" by -0.01 because "Goodwill"   |
      | -9999999999.99 | "sam" takes a payment of 0.01 by card from "Ana Silva"                 |
      | -9999999999.99 | a return refunds 0.01 to the account of "Ana Silva"                    |

  Scenario: The balance reaches the edge of the range exactly
    When "ada" adjusts the balance of "Ana Silva" by 9999999999.99 because "Migrated"
    Then it is accepted
    And the balance of "Ana Silva" is 9999999999.99
