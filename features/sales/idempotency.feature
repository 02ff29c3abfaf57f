Feature: A retried sale is never sold twice
  With an Idempotency-Key, the same request again replays the first answer;
  the same key for another request is refused; a refused attempt frees its key.

  Background:
    Given a staff member "sam"
    And these products:
      | sku   | name        | price  | stock |
      | CASE  | Phone case  | 12.50  | 10    |

  Scenario: The same key and request replays the first sale
    Given a sale of:
      | sku  | quantity |
      | CASE | 1        |
    When "sam" rings it up with the key "k-1" paid by cash 12.50
    And "sam" rings it up with the key "k-1" paid by cash 12.50
    Then the answer was replayed
    And the sale numbers are S-000001
    And the product "CASE" has 9 in stock

  Scenario: The same key for another request is refused
    Given a sale of:
      | sku  | quantity |
      | CASE | 1        |
    And "sam" has rung it up with the key "k-1" paid by cash 12.50
    And a sale of:
      | sku  | quantity |
      | CASE | 2        |
    When "sam" rings it up with the key "k-1" paid by cash 25.00
    Then it is refused as invalid input for "Idempotency-Key"
    And the sale numbers are S-000001

  Scenario: A refused attempt frees its key for a corrected retry
    Given a sale of:
      | sku  | quantity |
      | CASE | 1        |
    And "sam" has tried to ring it up with the key "k-1" paid by cash 10.00
    When "sam" rings it up with the key "k-1" paid by cash 12.50
    Then it is accepted
    And the sale numbers are S-000001

  Scenario: Keys live 24 hours
    Given a sale of:
      | sku  | quantity |
      | CASE | 1        |
    And "sam" has rung it up with the key "k-1" paid by cash 12.50
    When 25 hours pass
    And "sam" rings it up with the key "k-1" paid by cash 12.50
    Then it is accepted
    And the sale numbers are S-000001, S-000002
