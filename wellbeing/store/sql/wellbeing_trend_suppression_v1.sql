-- Revision 0003. A port of AnonymityPolicy.suppress for the tree organisation -> teams.
-- Element 1 is the organisation, element i + 1 the i-th team in ascending id order; ties go
-- to the lower element, as Python's rank does. Returns the reason per element, NULL when it
-- may be shown.
CREATE FUNCTION wellbeing_trend_suppression(p_counts integer[], p_k integer)
RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    v_total integer := 1 + coalesce(array_length(p_counts, 1), 0);
    v_count integer[];
    v_hidden text[];
    v_low integer[];
    v_high integer[];
    v_extra integer;
    v_pinned integer;
    v_smallest integer;
    v_widened integer;
    v_visible integer;
    v_rest integer;
    v_rest_any boolean;
    v_parts_low integer;
    v_parts_high integer;
    v_unbounded integer;
    v_new_low integer;
    v_new_high integer;
    v_changed boolean;
    i integer;
BEGIN
    IF array_position(p_counts, NULL) IS NOT NULL OR 0 > ANY (p_counts) THEN
        RAISE EXCEPTION 'contributor counts must be whole numbers of at least 0'
            USING ERRCODE = 'invalid_parameter_value', COLUMN = 'contributors';
    END IF;
    v_count := ARRAY[(SELECT coalesce(sum(c), 0) FROM unnest(p_counts) AS c)::integer]
        || p_counts;
    v_hidden := array_fill(NULL::text, ARRAY[v_total]);
    FOR i IN 1..v_total LOOP
        IF v_count[i] < p_k THEN
            v_hidden[i] := 'too_few_contributors';
        END IF;
    END LOOP;

    LOOP
        -- The smallest visible team, and what _widen would hide below the organisation.
        SELECT count(*), (array_agg(s ORDER BY v_count[s], s))[1]
          INTO v_visible, v_smallest
          FROM generate_series(2, v_total) AS s
         WHERE v_hidden[s] IS NULL;
        v_widened := CASE WHEN v_visible >= 2 THEN v_smallest ELSE 1 END;
        v_extra := NULL;

        -- A visible total minus its visible parts must cover nobody or at least k people.
        IF v_total > 1 AND v_hidden[1] IS NULL THEN
            v_rest := 0;
            v_rest_any := false;
            FOR i IN 2..v_total LOOP
                IF v_hidden[i] IS NOT NULL THEN
                    v_rest := v_rest + v_count[i];
                    v_rest_any := true;
                END IF;
            END LOOP;
            IF v_rest_any AND v_rest < p_k THEN
                v_extra := v_widened;
            END IF;
        END IF;

        IF v_extra IS NULL THEN
            -- What an onlooker can tell about each count: propagate bounds to a fixed point.
            v_low := array_fill(0, ARRAY[v_total]);
            v_high := array_fill(NULL::integer, ARRAY[v_total]);
            FOR i IN 1..v_total LOOP
                IF v_hidden[i] IS NULL THEN
                    v_low[i] := v_count[i];
                    v_high[i] := v_count[i];
                ELSIF v_hidden[i] = 'complementary' THEN
                    v_low[i] := p_k;
                ELSE
                    v_high[i] := p_k - 1;
                END IF;
            END LOOP;
            v_changed := v_total > 1;
            WHILE v_changed LOOP
                v_changed := false;
                v_parts_low := 0;
                v_parts_high := 0;
                v_unbounded := 0;
                FOR i IN 2..v_total LOOP
                    v_parts_low := v_parts_low + v_low[i];
                    IF v_high[i] IS NULL THEN
                        v_unbounded := v_unbounded + 1;
                    ELSE
                        v_parts_high := v_parts_high + v_high[i];
                    END IF;
                END LOOP;
                v_new_low := greatest(v_low[1], v_parts_low);
                v_new_high := least(
                    v_high[1], CASE WHEN v_unbounded > 0 THEN NULL ELSE v_parts_high END
                );
                IF v_new_low IS DISTINCT FROM v_low[1] OR v_new_high IS DISTINCT FROM v_high[1]
                THEN
                    v_low[1] := v_new_low;
                    v_high[1] := v_new_high;
                    v_changed := true;
                END IF;
                FOR i IN 2..v_total LOOP
                    v_new_low := v_low[i];
                    IF v_unbounded - (v_high[i] IS NULL)::integer = 0 THEN
                        v_new_low := greatest(
                            v_new_low, v_low[1] - (v_parts_high - coalesce(v_high[i], 0))
                        );
                    END IF;
                    v_new_high := v_high[i];
                    IF v_high[1] IS NOT NULL THEN
                        v_new_high := least(v_new_high, v_high[1] - (v_parts_low - v_low[i]));
                    END IF;
                    IF v_new_low IS DISTINCT FROM v_low[i]
                       OR v_new_high IS DISTINCT FROM v_high[i] THEN
                        v_low[i] := v_new_low;
                        v_high[i] := v_new_high;
                        v_changed := true;
                    END IF;
                END LOOP;
            END LOOP;

            -- The first hidden group (teams, then the organisation) whose bounds meet.
            v_pinned := NULL;
            FOREACH i IN ARRAY (ARRAY(SELECT generate_series(2, v_total)) || 1) LOOP
                IF v_hidden[i] IS NOT NULL AND v_low[i] = v_high[i] THEN
                    v_pinned := i;
                    EXIT;
                END IF;
            END LOOP;
            EXIT WHEN v_pinned IS NULL;
            IF v_pinned > 1 AND v_hidden[1] IS NULL THEN
                v_extra := v_widened;  -- the organisation total gives the team away
            ELSE
                v_extra := v_smallest;  -- the hidden total is the sum of visible teams
            END IF;
            EXIT WHEN v_extra IS NULL;
        END IF;
        v_hidden[v_extra] := 'complementary';
    END LOOP;
    RETURN v_hidden;
END
$function$
