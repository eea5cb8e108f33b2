-- Revision 0013. Version 2 with break compliance shown only where at least k people worked
-- a shift that needed a legal break, and the organisation's over those teams only
-- (`_breaks_of_shown` in wellbeing.domain.team_trends).
CREATE FUNCTION wellbeing_trend_cells(
    p_week text, p_teams integer[], p_reasons text[], p_k integer
)
RETURNS TABLE (
    team_id integer,
    contributors integer,
    stress_tenths integer,
    energy_tenths integer,
    break_compliance_percent integer,
    quick_return_percent integer,
    orange_or_red_percent integer,
    hours_tenths integer,
    hidden text
)
LANGUAGE sql STABLE
SET search_path = @schema@, pg_temp
AS $function$
    WITH person_week AS (
        SELECT w.team_id AS team,
               w.person_id AS person,
               (2000000 * w.stress_sum::bigint + w.checkins) / (2 * w.checkins) AS stress,
               (2000000 * w.energy_sum::bigint + w.checkins) / (2 * w.checkins) AS energy,
               w.shifts, w.break_due, w.break_taken AS legal_break,
               w.quick_returns AS quick_return, w.worked_minutes::bigint AS minutes,
               count(*) FILTER (WHERE w.break_due > 0) OVER (PARTITION BY w.team_id)
                   AS team_break_people,
               EXISTS (
                   SELECT 1 FROM weekly_levels AS l
                    WHERE l.iso_week = p_week AND l.person_id = w.person_id
                      AND l.level IN ('orange', 'red')
               ) AS orange_or_red
          FROM person_week_sums AS w
         WHERE w.iso_week = p_week AND w.team_id IS NOT NULL AND w.checkins > 0
    ),
    cells AS (
        SELECT NULL::integer AS team, 1 AS slot
        UNION ALL
        SELECT t.team, t.slot::integer + 1
          FROM unnest(p_teams) WITH ORDINALITY AS t(team, slot)
    ),
    sums AS (
        SELECT g.team, g.slot,
               count(pw.person)::bigint AS people,
               sum(pw.stress)::bigint AS stress,
               sum(pw.energy)::bigint AS energy,
               sum(pw.minutes)::bigint AS minutes,
               sum(pw.shifts)::bigint AS shifts,
               -- A team's breaks count in the organisation's only where they are shown.
               sum(pw.break_due) FILTER (
                   WHERE g.team IS NOT NULL OR pw.team_break_people >= p_k)::bigint AS break_due,
               sum(pw.legal_break) FILTER (
                   WHERE g.team IS NOT NULL OR pw.team_break_people >= p_k)::bigint
                   AS legal_break,
               count(pw.person) FILTER (
                   WHERE pw.break_due > 0
                     AND (g.team IS NOT NULL OR pw.team_break_people >= p_k))::bigint
                   AS break_people,
               sum(pw.quick_return)::bigint AS quick_return,
               count(pw.person) FILTER (WHERE pw.orange_or_red)::bigint AS orange_or_red
          FROM cells AS g
          -- The organisation's figures are those of the teams shown (`suppress_teams`).
          LEFT JOIN person_week AS pw
            ON pw.team = g.team
            OR (g.team IS NULL AND p_reasons[array_position(p_teams, pw.team) + 1] IS NULL)
         GROUP BY g.team, g.slot
    )
    SELECT x.team,
           x.people::integer,
           CASE WHEN (((20 * x.stress + x.people * 1000000) / (2 * x.people * 1000000))::integer) < (@mean_low_tenths@) THEN (@mean_low_tenths@) WHEN (((20 * x.stress + x.people * 1000000) / (2 * x.people * 1000000))::integer) > (@mean_high_tenths@) THEN (@mean_high_tenths@) ELSE (((20 * x.stress + x.people * 1000000) / (2 * x.people * 1000000))::integer) END,
           CASE WHEN (((20 * x.energy + x.people * 1000000) / (2 * x.people * 1000000))::integer) < (@mean_low_tenths@) THEN (@mean_low_tenths@) WHEN (((20 * x.energy + x.people * 1000000) / (2 * x.people * 1000000))::integer) > (@mean_high_tenths@) THEN (@mean_high_tenths@) ELSE (((20 * x.energy + x.people * 1000000) / (2 * x.people * 1000000))::integer) END,
           CASE WHEN x.break_people >= p_k
                THEN CASE WHEN (((200 * x.legal_break + x.break_due) / (2 * x.break_due))::integer) < (@share_band@) THEN (@share_band@) WHEN (((200 * x.legal_break + x.break_due) / (2 * x.break_due))::integer) > (@share_band_high@) THEN (@share_band_high@) ELSE (((200 * x.legal_break + x.break_due) / (2 * x.break_due))::integer) END::integer
           END,
           CASE WHEN (((200 * x.quick_return + x.shifts) / (2 * x.shifts))::integer) < (@share_band@) THEN (@share_band@) WHEN (((200 * x.quick_return + x.shifts) / (2 * x.shifts))::integer) > (@share_band_high@) THEN (@share_band_high@) ELSE (((200 * x.quick_return + x.shifts) / (2 * x.shifts))::integer) END::integer,
           CASE WHEN (((200 * x.orange_or_red + x.people) / (2 * x.people))::integer) < (CASE WHEN ((100 + (x.people) - 1) / (x.people)) > @share_band@ THEN ((100 + (x.people) - 1) / (x.people)) ELSE @share_band@ END) THEN (CASE WHEN ((100 + (x.people) - 1) / (x.people)) > @share_band@ THEN ((100 + (x.people) - 1) / (x.people)) ELSE @share_band@ END) WHEN (((200 * x.orange_or_red + x.people) / (2 * x.people))::integer) > (100 - (CASE WHEN ((100 + (x.people) - 1) / (x.people)) > @share_band@ THEN ((100 + (x.people) - 1) / (x.people)) ELSE @share_band@ END)) THEN (100 - (CASE WHEN ((100 + (x.people) - 1) / (x.people)) > @share_band@ THEN ((100 + (x.people) - 1) / (x.people)) ELSE @share_band@ END)) ELSE (((200 * x.orange_or_red + x.people) / (2 * x.people))::integer) END::integer,
           ((20 * x.minutes + 60 * x.people) / (120 * x.people))::integer,
           NULL::text
      FROM sums AS x
     WHERE p_reasons[x.slot] IS NULL AND x.people > 0
    UNION ALL
    SELECT g.team, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
           coalesce(p_reasons[g.slot], 'too_few_contributors')
      FROM cells AS g
      LEFT JOIN sums AS x ON x.slot = g.slot
     WHERE p_reasons[g.slot] IS NOT NULL OR x.people = 0
$function$
