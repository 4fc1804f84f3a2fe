-- Business logic: trigger functions, the order-processing flow (overview "Data Flow", steps 1-10),
-- soft delete and the analytics refresh. Flow functions are SECURITY DEFINER so that order_manager can run
-- the whole flow with privileges on orders and order_items only.

-- ---------------------------------------------------------------- generic trigger functions

CREATE FUNCTION touch_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- An UPDATE that names updated_at must carry the version it read: anything else is a lost update.
    IF NEW.updated_at IS DISTINCT FROM OLD.updated_at THEN
        RAISE EXCEPTION 'stale row version for %: expected updated_at %, row has %',
            TG_TABLE_NAME, NEW.updated_at, OLD.updated_at
            USING ERRCODE = 'serialization_failure',
                  HINT = 'Re-read the row and retry the change.';
    END IF;
    NEW.updated_at := clock_timestamp();
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION touch_updated_at() IS
    'BEFORE UPDATE trigger: stamps updated_at with the current time, and refuses an update that supplies an '
    'updated_at other than the stored one (optimistic locking).';

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
COMMENT ON FUNCTION audit_log_refuse_change() IS 'Trigger function that rejects UPDATE, DELETE and TRUNCATE on audit_log.';

CREATE FUNCTION audit_orders() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    old_values jsonb;
    new_values jsonb;
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO audit_log (table_name, operation, record_id, new_data)
        VALUES (TG_TABLE_NAME, TG_OP, NEW.order_id, to_jsonb(NEW));
    ELSIF TG_OP = 'UPDATE' THEN
        -- Only the columns that changed (updated_at aside: changed_at already says when), old and new values.
        SELECT jsonb_object_agg(ov.key, ov.value), jsonb_object_agg(nv.key, nv.value)
        INTO old_values, new_values
        FROM jsonb_each(to_jsonb(OLD)) ov
        JOIN jsonb_each(to_jsonb(NEW)) nv USING (key)
        WHERE ov.value IS DISTINCT FROM nv.value AND ov.key <> 'updated_at';
        IF new_values IS NOT NULL THEN
            INSERT INTO audit_log (table_name, operation, record_id, old_data, new_data)
            VALUES (TG_TABLE_NAME, TG_OP, NEW.order_id, old_values, new_values);
        END IF;
    ELSE
        INSERT INTO audit_log (table_name, operation, record_id, old_data)
        VALUES (TG_TABLE_NAME, TG_OP, OLD.order_id, to_jsonb(OLD));
    END IF;
    RETURN NULL;
END;
$$;
COMMENT ON FUNCTION audit_orders() IS
    'AFTER INSERT/UPDATE/DELETE row trigger on orders: appends an audit_log row with the whole row as JSONB for '
    'INSERT and DELETE, and the old and new values of the changed columns for UPDATE. Runs as owner so writers '
    'need no rights on audit_log.';

-- ---------------------------------------------------------------- order totals

CREATE FUNCTION orders_compute_total() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.discount := least(NEW.discount, NEW.subtotal);
    NEW.total_amount := NEW.subtotal + NEW.tax + NEW.shipping - NEW.discount;
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION orders_compute_total() IS
    'BEFORE INSERT/UPDATE trigger on orders: derives total_amount = subtotal + tax + shipping - discount '
    '(capping the discount at the subtotal).';

CREATE FUNCTION order_items_refresh_order_totals() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    affected_orders integer[];
BEGIN
    -- Statement-level: recompute the subtotal once per affected order, whatever the number of lines changed.
    IF TG_OP = 'UPDATE' THEN
        SELECT array_agg(DISTINCT order_id) INTO affected_orders
        FROM (SELECT order_id FROM changed_lines UNION ALL SELECT order_id FROM previous_lines) lines;
    ELSE
        SELECT array_agg(DISTINCT order_id) INTO affected_orders FROM changed_lines;
    END IF;
    UPDATE orders o
    SET subtotal = s.subtotal
    FROM (
        SELECT a.order_id, coalesce(sum(oi.line_total), 0) AS subtotal
        FROM unnest(affected_orders) AS a (order_id)
        LEFT JOIN order_items oi ON oi.order_id = a.order_id
        GROUP BY a.order_id
    ) s
    WHERE o.order_id = s.order_id AND o.subtotal IS DISTINCT FROM s.subtotal;
    RETURN NULL;
END;
$$;
COMMENT ON FUNCTION order_items_refresh_order_totals() IS
    'Statement-level AFTER trigger on order_items: recomputes orders.subtotal (and through orders_compute_total '
    'the total_amount) of every order whose lines were inserted, changed or deleted.';

-- ---------------------------------------------------------------- order state machine

CREATE FUNCTION order_status_transition_allowed(from_status order_status, to_status order_status) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (from_status, to_status) IN (
        ('pending'::order_status, 'processing'::order_status),
        ('pending', 'cancelled'),
        ('processing', 'shipped'),
        ('processing', 'cancelled'),
        ('shipped', 'delivered'),
        ('shipped', 'returned'),
        ('delivered', 'returned'))
$$;
COMMENT ON FUNCTION order_status_transition_allowed(order_status, order_status) IS
    'The order state machine: true when an order may move from from_status to to_status.';

CREATE FUNCTION orders_enforce_status_transition() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IS DISTINCT FROM OLD.status THEN
        IF NOT order_status_transition_allowed(OLD.status, NEW.status) THEN
            RAISE EXCEPTION 'illegal order status transition for order %: % -> %', OLD.order_id, OLD.status, NEW.status
                USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.status = 'shipped' AND NEW.payment_status <> 'completed' THEN
            RAISE EXCEPTION 'order % cannot ship before its payment is completed', OLD.order_id
                USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION orders_enforce_status_transition() IS
    'BEFORE UPDATE OF status trigger on orders: raises on a transition the state machine does not allow, '
    'and on shipping an unpaid order.';

CREATE FUNCTION lock_order_version(p_order_id integer, p_expected_updated_at timestamptz) RETURNS orders
LANGUAGE plpgsql AS $$
DECLARE
    current_order orders;
BEGIN
    SELECT * INTO current_order FROM orders WHERE order_id = p_order_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'order % does not exist', p_order_id USING ERRCODE = 'no_data_found';
    END IF;
    IF p_expected_updated_at IS NOT NULL AND current_order.updated_at <> p_expected_updated_at THEN
        RAISE EXCEPTION 'order % was changed by someone else (updated_at % instead of %)',
            p_order_id, current_order.updated_at, p_expected_updated_at
            USING ERRCODE = 'serialization_failure', HINT = 'Re-read the order and retry.';
    END IF;
    RETURN current_order;
END;
$$;
COMMENT ON FUNCTION lock_order_version(integer, timestamptz) IS
    'Locks an order row and checks the caller''s updated_at against it (optimistic locking); raises '
    'serialization_failure when the order changed since it was read. NULL skips the version check.';

-- ---------------------------------------------------------------- order processing flow (steps 1-10)

CREATE FUNCTION place_order(
    p_customer_id integer,
    p_shipping_address_id integer DEFAULT NULL,
    p_billing_address_id integer DEFAULT NULL,
    p_shipping numeric DEFAULT 0,
    p_notes text DEFAULT NULL
) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    new_order_id integer;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM customers WHERE customer_id = p_customer_id AND is_active) THEN
        RAISE EXCEPTION 'customer % does not exist or is inactive', p_customer_id USING ERRCODE = 'no_data_found';
    END IF;
    IF EXISTS (SELECT 1 FROM addresses
               WHERE address_id IN (p_shipping_address_id, p_billing_address_id) AND customer_id <> p_customer_id) THEN
        RAISE EXCEPTION 'address does not belong to customer %', p_customer_id USING ERRCODE = 'foreign_key_violation';
    END IF;
    INSERT INTO orders (customer_id, shipping_address_id, billing_address_id, shipping, notes)
    VALUES (p_customer_id, p_shipping_address_id, p_billing_address_id, p_shipping, p_notes)
    RETURNING order_id INTO new_order_id;
    RETURN new_order_id;
END;
$$;
COMMENT ON FUNCTION place_order(integer, integer, integer, numeric, text) IS
    'Steps 1-2 of the order flow: an active customer places an order; creates the order in status pending and '
    'returns its order_id.';

CREATE FUNCTION add_order_item(p_order_id integer, p_product_id integer, p_quantity integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    current_order orders;
    price numeric(10, 2);
    current_name text;
    new_line_number integer;
BEGIN
    current_order := lock_order_version(p_order_id, NULL);
    IF current_order.status <> 'pending' THEN
        RAISE EXCEPTION 'order % is %, items can only be added while pending', p_order_id, current_order.status
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT unit_price, name INTO price, current_name FROM products WHERE product_id = p_product_id AND is_active;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'product % does not exist or is inactive', p_product_id USING ERRCODE = 'no_data_found';
    END IF;
    INSERT INTO order_items (order_id, line_number, product_id, product_name, quantity, unit_price)
    SELECT p_order_id, coalesce(max(line_number), 0) + 1, p_product_id, current_name, p_quantity, price
    FROM order_items WHERE order_id = p_order_id
    RETURNING line_number INTO new_line_number;
    RETURN new_line_number;
END;
$$;
COMMENT ON FUNCTION add_order_item(integer, integer, integer) IS
    'Step 3: adds a line for an active product at its current price to a pending order; the order totals follow '
    'by trigger. Returns the new line_number.';

CREATE FUNCTION reserve_inventory(p_order_id integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    current_order orders;
    line record;
    stock inventory;
    reserved_lines integer := 0;
BEGIN
    current_order := lock_order_version(p_order_id, NULL);
    IF current_order.status <> 'pending' THEN
        RAISE EXCEPTION 'order % is %, stock is reserved while pending', p_order_id, current_order.status
            USING ERRCODE = 'check_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM inventory_transactions WHERE order_id = p_order_id AND transaction_type = 'reserve') THEN
        RAISE EXCEPTION 'stock for order % is already reserved', p_order_id USING ERRCODE = 'unique_violation';
    END IF;
    -- Lock stock rows in product order so that concurrent reservations cannot deadlock.
    FOR line IN
        SELECT product_id, sum(quantity)::integer AS quantity
        FROM order_items WHERE order_id = p_order_id GROUP BY product_id ORDER BY product_id
    LOOP
        SELECT * INTO stock FROM inventory WHERE product_id = line.product_id FOR UPDATE;
        IF NOT FOUND OR stock.quantity_available - stock.quantity_reserved < line.quantity THEN
            RAISE EXCEPTION 'insufficient stock for product %: % requested', line.product_id, line.quantity
                USING ERRCODE = 'check_violation';
        END IF;
        UPDATE inventory SET quantity_reserved = quantity_reserved + line.quantity
        WHERE inventory_id = stock.inventory_id;
        INSERT INTO inventory_transactions
            (inventory_id, order_id, transaction_type, quantity_change, available_after, reserved_after, note)
        VALUES (stock.inventory_id, p_order_id, 'reserve', line.quantity, stock.quantity_available,
                stock.quantity_reserved + line.quantity, 'reserved for order');
        reserved_lines := reserved_lines + 1;
    END LOOP;
    IF reserved_lines = 0 THEN
        RAISE EXCEPTION 'order % has no items to reserve', p_order_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN reserved_lines;
END;
$$;
COMMENT ON FUNCTION reserve_inventory(integer) IS
    'Step 4: reserves stock for every product of a pending order (quantity_reserved increases), logging a reserve '
    'movement per product; raises if any product lacks free stock. Returns the number of products reserved.';

CREATE FUNCTION apply_promotion(p_order_id integer, p_code text) RETURNS numeric
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    current_order orders;
    promo promotions;
    amount numeric(10, 2);
BEGIN
    current_order := lock_order_version(p_order_id, NULL);
    IF current_order.status <> 'pending' THEN
        RAISE EXCEPTION 'order % is %, promotions apply while pending', p_order_id, current_order.status
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT * INTO promo FROM promotions WHERE code = upper(p_code) FOR UPDATE;
    IF NOT FOUND OR NOT promo.is_active
       OR current_order.order_date < promo.start_date OR current_order.order_date >= promo.end_date
       OR (promo.max_uses IS NOT NULL AND promo.times_used >= promo.max_uses) THEN
        RAISE EXCEPTION 'promotion % is not valid for order %', p_code, p_order_id USING ERRCODE = 'check_violation';
    END IF;
    IF current_order.subtotal < promo.min_order_amount THEN
        RAISE EXCEPTION 'order % subtotal % is below the promotion minimum %',
            p_order_id, current_order.subtotal, promo.min_order_amount USING ERRCODE = 'check_violation';
    END IF;
    amount := CASE promo.discount_type
                  WHEN 'percentage' THEN round(current_order.subtotal * promo.discount_value / 100, 2)
                  ELSE promo.discount_value
              END;
    amount := least(amount, current_order.subtotal - current_order.discount);
    IF amount <= 0 THEN
        RAISE EXCEPTION 'promotion % gives no further discount on order %', p_code, p_order_id
            USING ERRCODE = 'check_violation';
    END IF;
    INSERT INTO order_promotions (order_id, promotion_id, discount_applied) VALUES (p_order_id, promo.promotion_id, amount);
    UPDATE promotions SET times_used = times_used + 1 WHERE promotion_id = promo.promotion_id;
    UPDATE orders SET discount = discount + amount WHERE order_id = p_order_id;
    RETURN amount;
END;
$$;
COMMENT ON FUNCTION apply_promotion(integer, text) IS
    'Step 5: redeems a promotion code on a pending order if it is active, in its window, not used up and the '
    'subtotal reaches its minimum; records it in order_promotions and raises the order discount. Returns the discount.';

CREATE FUNCTION record_payment(p_order_id integer, p_expected_updated_at timestamptz, p_succeeded boolean DEFAULT true)
RETURNS timestamptz
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    current_order orders;
    new_version timestamptz;
BEGIN
    current_order := lock_order_version(p_order_id, p_expected_updated_at);
    IF current_order.payment_status <> 'pending' THEN
        RAISE EXCEPTION 'payment of order % is already %', p_order_id, current_order.payment_status
            USING ERRCODE = 'check_violation';
    END IF;
    IF p_succeeded AND NOT EXISTS (
        SELECT 1 FROM inventory_transactions WHERE order_id = p_order_id AND transaction_type = 'reserve') THEN
        RAISE EXCEPTION 'order % has no reserved stock; reserve before taking payment', p_order_id
            USING ERRCODE = 'check_violation';
    END IF;
    UPDATE orders
    SET payment_status = CASE WHEN p_succeeded THEN 'completed' ELSE 'failed' END::payment_status,
        status = CASE WHEN p_succeeded THEN 'processing' ELSE status END
    WHERE order_id = p_order_id
    RETURNING updated_at INTO new_version;
    RETURN new_version;
END;
$$;
COMMENT ON FUNCTION record_payment(integer, timestamptz, boolean) IS
    'Step 6: records the payment outcome; on success payment_status becomes completed and the order moves to '
    'processing. Refused if the order changed since p_expected_updated_at. Returns the new updated_at.';

CREATE FUNCTION ship_order(p_order_id integer, p_expected_updated_at timestamptz, p_shipped_date date DEFAULT current_date)
RETURNS timestamptz
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    new_version timestamptz;
BEGIN
    PERFORM lock_order_version(p_order_id, p_expected_updated_at);
    UPDATE orders SET status = 'shipped', shipped_date = p_shipped_date
    WHERE order_id = p_order_id
    RETURNING updated_at INTO new_version;
    RETURN new_version;
END;
$$;
COMMENT ON FUNCTION ship_order(integer, timestamptz, date) IS
    'Step 7: marks a paid, processing order as shipped (the state machine refuses any other starting state). '
    'Refused if the order changed since p_expected_updated_at. Returns the new updated_at.';

CREATE FUNCTION complete_inventory_transaction(p_order_id integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    current_order orders;
    reservation record;
    completed integer := 0;
BEGIN
    current_order := lock_order_version(p_order_id, NULL);
    IF current_order.status <> 'shipped' THEN
        RAISE EXCEPTION 'order % is %, stock is taken out when shipped', p_order_id, current_order.status
            USING ERRCODE = 'check_violation';
    END IF;
    FOR reservation IN
        SELECT r.transaction_id, r.inventory_id, r.quantity_change
        FROM inventory_transactions r
        WHERE r.order_id = p_order_id AND r.transaction_type = 'reserve'
          AND NOT EXISTS (SELECT 1 FROM inventory_transactions f WHERE f.reversal_of_transaction_id = r.transaction_id)
        ORDER BY r.inventory_id
    LOOP
        WITH moved AS (
            UPDATE inventory
            SET quantity_available = quantity_available - reservation.quantity_change,
                quantity_reserved = quantity_reserved - reservation.quantity_change
            WHERE inventory_id = reservation.inventory_id
            RETURNING inventory_id, quantity_available, quantity_reserved
        )
        INSERT INTO inventory_transactions (inventory_id, order_id, reversal_of_transaction_id, transaction_type,
                                            quantity_change, available_after, reserved_after, note)
        SELECT inventory_id, p_order_id, reservation.transaction_id, 'fulfil', -reservation.quantity_change,
               quantity_available, quantity_reserved, 'shipped to customer'
        FROM moved;
        completed := completed + 1;
    END LOOP;
    RETURN completed;
END;
$$;
COMMENT ON FUNCTION complete_inventory_transaction(integer) IS
    'Step 8: for a shipped order, takes the reserved units out of stock (quantity_available and quantity_reserved '
    'both decrease) and logs a fulfil movement that closes each reservation. Returns the number of reservations closed.';

CREATE FUNCTION deliver_order(p_order_id integer, p_expected_updated_at timestamptz,
                              p_delivered_date date DEFAULT current_date)
RETURNS timestamptz
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    new_version timestamptz;
BEGIN
    PERFORM lock_order_version(p_order_id, p_expected_updated_at);
    IF EXISTS (
        SELECT 1 FROM inventory_transactions r
        WHERE r.order_id = p_order_id AND r.transaction_type = 'reserve'
          AND NOT EXISTS (SELECT 1 FROM inventory_transactions f WHERE f.reversal_of_transaction_id = r.transaction_id)
    ) THEN
        RAISE EXCEPTION 'order % still holds open stock reservations; complete the inventory transaction first',
            p_order_id USING ERRCODE = 'check_violation';
    END IF;
    UPDATE orders SET status = 'delivered', delivered_date = p_delivered_date
    WHERE order_id = p_order_id
    RETURNING updated_at INTO new_version;
    RETURN new_version;
END;
$$;
COMMENT ON FUNCTION deliver_order(integer, timestamptz, date) IS
    'Step 9: confirms delivery of a shipped order whose stock movement is complete. Refused if the order changed '
    'since p_expected_updated_at. Returns the new updated_at.';

CREATE FUNCTION submit_review(p_order_id integer, p_product_id integer, p_rating integer,
                              p_title text DEFAULT NULL, p_body text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    current_order orders;
    new_review_id integer;
BEGIN
    SELECT * INTO current_order FROM orders WHERE order_id = p_order_id;
    IF NOT FOUND OR current_order.status <> 'delivered' THEN
        RAISE EXCEPTION 'order % is not delivered; only delivered orders can be reviewed', p_order_id
            USING ERRCODE = 'check_violation';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM order_items WHERE order_id = p_order_id AND product_id = p_product_id) THEN
        RAISE EXCEPTION 'product % is not part of order %', p_product_id, p_order_id USING ERRCODE = 'check_violation';
    END IF;
    INSERT INTO reviews (customer_id, product_id, order_id, rating, title, body, is_verified_purchase)
    VALUES (current_order.customer_id, p_product_id, p_order_id, p_rating, p_title, p_body, true)
    RETURNING review_id INTO new_review_id;
    RETURN new_review_id;
END;
$$;
COMMENT ON FUNCTION submit_review(integer, integer, integer, text, text) IS
    'Step 10: the customer of a delivered order reviews one of its products (verified purchase, pending '
    'moderation). Returns the review_id.';

CREATE FUNCTION cancel_order(p_order_id integer, p_expected_updated_at timestamptz) RETURNS timestamptz
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    current_order orders;
    new_version timestamptz;
BEGIN
    current_order := lock_order_version(p_order_id, p_expected_updated_at);
    IF NOT order_status_transition_allowed(current_order.status, 'cancelled') THEN
        RAISE EXCEPTION 'illegal order status transition for order %: % -> cancelled', p_order_id, current_order.status
            USING ERRCODE = 'check_violation';
    END IF;
    -- Give back every reservation that has not been closed.
    WITH open_reservations AS (
        SELECT r.transaction_id, r.inventory_id, r.quantity_change
        FROM inventory_transactions r
        WHERE r.order_id = p_order_id AND r.transaction_type = 'reserve'
          AND NOT EXISTS (SELECT 1 FROM inventory_transactions f WHERE f.reversal_of_transaction_id = r.transaction_id)
    ),
    released AS (
        UPDATE inventory i SET quantity_reserved = i.quantity_reserved - r.quantity_change
        FROM open_reservations r
        WHERE i.inventory_id = r.inventory_id
        RETURNING i.inventory_id, i.quantity_available, i.quantity_reserved, r.transaction_id, r.quantity_change
    )
    INSERT INTO inventory_transactions (inventory_id, order_id, reversal_of_transaction_id, transaction_type,
                                        quantity_change, available_after, reserved_after, note)
    SELECT inventory_id, p_order_id, transaction_id, 'release', -quantity_change, quantity_available,
           quantity_reserved, 'order cancelled'
    FROM released;
    UPDATE orders
    SET status = 'cancelled',
        payment_status = CASE WHEN payment_status = 'completed' THEN 'refunded' ELSE payment_status END
    WHERE order_id = p_order_id
    RETURNING updated_at INTO new_version;
    RETURN new_version;
END;
$$;
COMMENT ON FUNCTION cancel_order(integer, timestamptz) IS
    'Cancels a pending or processing order: releases its open stock reservations, refunds a completed payment. '
    'Refused if the order changed since p_expected_updated_at. Returns the new updated_at.';

-- ---------------------------------------------------------------- soft delete

CREATE FUNCTION deactivate_customer(p_customer_id integer) RETURNS boolean
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    UPDATE customers SET is_active = false WHERE customer_id = p_customer_id AND is_active RETURNING true
$$;
COMMENT ON FUNCTION deactivate_customer(integer) IS
    'Soft delete: closes a customer account by clearing is_active, keeping its order history. True if it was active.';

CREATE FUNCTION deactivate_product(p_product_id integer) RETURNS boolean
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    UPDATE products SET is_active = false WHERE product_id = p_product_id AND is_active RETURNING true
$$;
COMMENT ON FUNCTION deactivate_product(integer) IS
    'Soft delete: withdraws a product from sale by clearing is_active; its order lines stay intact. True if it was active.';

-- ---------------------------------------------------------------- partition maintenance

CREATE PROCEDURE ensure_orders_partition(p_day date)
LANGUAGE plpgsql AS $$
DECLARE
    quarter_start date := date_trunc('quarter', p_day)::date;
    quarter_end date := (date_trunc('quarter', p_day) + interval '3 months')::date;
    partition_name text := format('orders_partitioned_%s_q%s', extract(year FROM p_day), extract(quarter FROM p_day));
BEGIN
    IF to_regclass(partition_name) IS NOT NULL THEN
        RETURN;
    END IF;
    EXECUTE format('CREATE TABLE %I (LIKE orders_partitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', partition_name);
    -- Rows of that quarter that already landed in the default partition move to the new one, or ATTACH would fail.
    EXECUTE format(
        'WITH moved AS (DELETE FROM orders_partitioned_default WHERE order_date >= $1 AND order_date < $2 RETURNING *) '
        'INSERT INTO %I SELECT * FROM moved', partition_name)
        USING quarter_start, quarter_end;
    EXECUTE format('ALTER TABLE orders_partitioned ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
                   partition_name, quarter_start, quarter_end);
    EXECUTE format('COMMENT ON TABLE %I IS %L', partition_name,
                   format('Orders placed from %s to %s.', quarter_start, quarter_end - 1));
END;
$$;
COMMENT ON PROCEDURE ensure_orders_partition(date) IS
    'Partition maintenance for orders_partitioned: creates the quarterly partition holding p_day if it does not exist '
    'yet, moving that quarter''s rows out of the default partition. Run ahead of each new quarter.';

-- ---------------------------------------------------------------- analytics

CREATE FUNCTION refresh_all_materialized_views(p_concurrently boolean DEFAULT true) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    view_name text;
    refreshed integer := 0;
BEGIN
    -- mv_category_performance reads mv_product_performance, so the order matters.
    FOREACH view_name IN ARRAY ARRAY['mv_customer_analytics', 'mv_product_performance', 'mv_daily_sales',
                                     'mv_category_performance', 'mv_customer_segments', 'mv_monthly_revenue',
                                     'mv_inventory_status']
    LOOP
        IF p_concurrently THEN
            EXECUTE format('REFRESH MATERIALIZED VIEW CONCURRENTLY %I', view_name);
        ELSE
            EXECUTE format('REFRESH MATERIALIZED VIEW %I', view_name);
        END IF;
        refreshed := refreshed + 1;
    END LOOP;
    RETURN refreshed;
END;
$$;
COMMENT ON FUNCTION refresh_all_materialized_views(boolean) IS
    'Refreshes the seven analytics materialized views in dependency order, concurrently by default (readers are '
    'not blocked; each view has a unique index). Returns the number refreshed. Meant for the nightly job.';
