-- Rule B6: a WhatsApp number is one unique visitor a month across all of the organization's numbers.
-- This month's (and earlier) visits counted per WhatsApp channel move to the organization's scope,
-- the earliest first visit kept when a number visited several of its channels.
INSERT OR IGNORE INTO `unique_visitors` (`organization_id`, `channel_id`, `external_id`, `month`, `first_seen_at`)
  SELECT v.`organization_id`, 'whatsapp:' || v.`organization_id`, v.`external_id`, v.`month`, min(v.`first_seen_at`)
  FROM `unique_visitors` v JOIN `channels` c ON c.`id` = v.`channel_id`
  WHERE c.`kind` = 'whatsapp'
  GROUP BY v.`organization_id`, v.`external_id`, v.`month`;
--> statement-breakpoint
DELETE FROM `unique_visitors` WHERE `channel_id` IN (SELECT `id` FROM `channels` WHERE `kind` = 'whatsapp');
