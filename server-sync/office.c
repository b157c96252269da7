/*
 * renovote-office: the street office's program.  The commands are in
 * cmd-*.c; the command line itself is shared with the kiosk (cmdline.c).
 */

#include "config.h"

#include "office.h"

static const struct cmd_entry *office_commands[] = {
	&cmd_init_entry,
	&cmd_roster_import_entry,
	&cmd_estate_remove_entry,
	&cmd_plan_import_entry,
	&cmd_codes_issue_entry,
	&cmd_tally_entry,
	&cmd_demand_entry,
	&cmd_ratings_entry,
	&cmd_federate_entry,
	&cmd_city_init_entry,
	&cmd_city_enrol_entry,
	&cmd_city_tally_entry,
	&cmd_city_report_entry,
	&cmd_city_serve_entry,
	&cmd_kiosk_enroll_entry,
	&cmd_kiosk_revoke_entry,
	&cmd_package_entry,
	&cmd_ingest_entry,
	&cmd_ballots_import_entry,
	&cmd_suggestions_import_entry,	/* before suggestions: one word less */
	&cmd_suggestions_entry,
	&cmd_publish_entry,
	&cmd_objection_add_entry,
	&cmd_objection_resolve_entry,
	&cmd_office_info_entry,
	&cmd_page_entry,
	&cmd_serve_entry,
	&cmd_dashboard_entry,
	&cmd_verify_entry,
	&cmd_backup_entry,
	&cmd_restore_entry,
	&cmd_tls_init_entry,
	NULL
};

const struct cmd_program office_program = {
	.name = "renovote-office",
	.summary = N_("The street office: rosters, plans, voting codes and the "
	    "consent tally."),
	.db_name = "office.db",
	.role = "office",
	.table = office_commands,
};

/* Set up messages, run the command, exit with its status. */
int
main(int argc, char **argv)
{
	secret_harden();
	cmd_locale_init();
	return cmd_main(&office_program, argc, argv);
}
