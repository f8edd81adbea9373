"""Working groups have no admin screen of their own: they are bodies, kept on the one "Bodies" screen
(council.admin.BodyAdmin, filtered by kind), so the secretariat does not meet the same records under two menus."""
