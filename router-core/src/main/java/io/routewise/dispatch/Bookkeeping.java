package io.routewise.dispatch;

import io.routewise.chat.ChatRequest;
import io.routewise.config.ModelConfig;

/**
 * The ledger's part in one request's attempts: admit each against the budgets before it is sent,
 * settle it after. {@link AttemptAccounting} keeps the books; {@link #NONE} keeps none.
 */
interface Bookkeeping {

    /** Admits everything and records nothing. */
    Bookkeeping NONE = (model, request) -> Entry.NONE;

    /**
     * Reserves an attempt's estimated cost.
     *
     * @throws io.routewise.ledger.BudgetExceededException when a budget refuses it
     */
    Entry admit(ModelConfig model, ChatRequest request);

    /** One admitted attempt's place in the books: settle it once, or cancel it when it was not sent. */
    interface Entry {

        Entry NONE = new Entry() {
            @Override
            public void settle(Settlement settlement) {
            }

            @Override
            public void cancel() {
            }
        };

        /** Prices and records the attempt; never throws. */
        void settle(Settlement settlement);

        /** Gives the reservation back: the attempt was not sent after all. */
        void cancel();
    }
}
