package io.github.nightlymigration.demo;

import static io.github.nightlymigration.legacy.db.Tables.ASSIGNMENTS;
import static io.github.nightlymigration.legacy.db.Tables.COMMENTS;
import static io.github.nightlymigration.legacy.db.Tables.NOTIFICATIONS;
import static io.github.nightlymigration.legacy.db.Tables.ORDERS;
import static io.github.nightlymigration.legacy.db.Tables.ORGANIZATIONS;
import static io.github.nightlymigration.legacy.db.Tables.USERS;

import io.github.nightlymigration.Progress;
import io.github.nightlymigration.legacy.db.tables.records.AssignmentsRecord;
import io.github.nightlymigration.legacy.db.tables.records.CommentsRecord;
import io.github.nightlymigration.legacy.db.tables.records.NotificationsRecord;
import io.github.nightlymigration.legacy.db.tables.records.OrdersRecord;
import io.github.nightlymigration.legacy.db.tables.records.OrganizationsRecord;
import io.github.nightlymigration.legacy.db.tables.records.UsersRecord;
import io.github.nightlymigration.newapp.TableCopy;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jooq.Table;
import org.jooq.postgres.extensions.types.Hstore;

/**
 * Fills a legacy (CreativeQ) database with deterministic, realistic data: the same seed and
 * scale always give the same rows. Scale 1 is about 5,000 users, 300 organizations, 8,000
 * assignments, 50,000 orders, 1,000,000 comments and 200,000 notifications, with the hard cases
 * of real data: case-duplicate emails, orphaned ids, NULL timestamps, system comments (and
 * near misses), shared names, duplicate subscriptions, odd hstore keys, unsafe file names.
 */
public final class LegacyDataGenerator {
    static final String[] FIRST = {"Ana", "Ben", "Chloé", "Dmitri", "Eve", "Farah", "Gus", "Hiro", "Ines", "Jon",
        "Kai", "Lena", "Mo", "Nia", "Omar", "Pia", "Quinn", "Rosa", "Sam", "Tariq"};
    static final String[] LAST = {"Ng", "Okafor", "Smith", "García", "Kowalski", "Haddad", "Lee", "Müller", "Rossi",
        "Tanaka", "Ivanova", "Brown", "Dubois", "Singh", "O'Brien"};
    static final String[] ROLES = {"Unapproved", "Basic", "Basic", "Basic", "Creative", "Admin", "Retired"};
    static final String[] FLAVORS = {"Graphics", "Web", "Video"};
    static final String[] TYPES = {"GraphicOrder", "GraphicOrder", "WebOrder", "VideoOrder"};
    static final String[] STATUSES = {"Unapproved", "Unclaimed", "Claimed", "Complete"};
    static final String[] PROGRESS = {"", "Due Date Pending", "In-Progress", "Proofing", "Revising", "Awaiting Approval"};
    static final String[] FORMATS = {"poster", "fb_event_photo", "new_event_site", "flyer", "banner", "video_promo"};
    /** Attachment names as users gave them; the last four are what broke file names under cron (issue 15). */
    static final String[] FILES = {"poster.png", "final draft.pdf", "logo (1).svg", "affiche-été.jpg", "海报.png",
        "notes.txt", "../../etc/passwd", "semi;colon's \"quoted\".png", "tab\tname.gif",
        "café menu.pdf", "漢字のポスター.png", "🎉 party flyer.jpg", "cafe\u0301 decomposed.png"};
    static final String[] CONTENT_TYPES = {"image/png", "application/pdf", "image/svg+xml", "image/jpeg", "image/png",
        "text/plain", "text/plain", "image/png", "image/gif",
        "application/pdf", "image/png", "image/jpeg", "image/png"};

    private final double scale;
    private final long seed;
    private final Progress progress;

    public LegacyDataGenerator(double scale, long seed, Progress progress) {
        if (!(scale > 0)) throw new IllegalArgumentException("scale must be positive, not " + scale);
        this.scale = scale;
        this.seed = seed;
        this.progress = progress;
    }

    public Map<String, Integer> sizes() {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        sizes.put("users", count(5_000));
        sizes.put("organizations", count(300));
        sizes.put("assignments", count(8_000));
        sizes.put("orders", count(50_000));
        sizes.put("comments", count(1_000_000));
        sizes.put("notifications", count(200_000));
        return sizes;
    }

    private int count(int atScaleOne) {
        return Math.max(1, (int) Math.round(atScaleOne * scale));
    }

    /** Creates nothing: the legacy schema must exist (SchemaDdl.LEGACY) and be empty. Commits. */
    public void fill(Connection connection) throws SQLException, IOException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        Map<String, Integer> n = sizes();
        int users = n.get("users"), orgs = n.get("organizations"), orders = n.get("orders");
        copy(connection, USERS, users, i -> user(i, new SplittableRandom(seed * 31 + i)));
        copy(connection, ORGANIZATIONS, orgs, i -> organization(i, new SplittableRandom(seed * 37 + i)));
        copy(connection, ASSIGNMENTS, n.get("assignments"),
                i -> assignment(i, users, orgs, new SplittableRandom(seed * 41 + i)));
        copy(connection, ORDERS, orders, i -> order(i, users, orgs, new SplittableRandom(seed * 43 + i)));
        copy(connection, COMMENTS, n.get("comments"), i -> comment(i, users, orders, new SplittableRandom(seed * 47 + i)));
        copy(connection, NOTIFICATIONS, n.get("notifications"),
                i -> notification(i, users, orders, new SplittableRandom(seed * 53 + i)));
        for (Table<?> t : List.of(USERS, ORGANIZATIONS, ASSIGNMENTS, ORDERS, COMMENTS, NOTIFICATIONS)) {
            try (var s = connection.prepareStatement("SELECT setval(pg_get_serial_sequence(?, 'id'), ?)")) {
                s.setString(1, t.getName());
                s.setLong(2, sizes().get(t.getName()));
                s.execute();
            }
        }
        connection.commit();
        connection.setAutoCommit(autoCommit);
    }

    private interface RowMaker {
        org.jooq.Record make(int id);
    }

    private void copy(Connection connection, Table<?> table, int rows, RowMaker maker) throws SQLException, IOException {
        try (TableCopy copy = TableCopy.direct(connection, table)) {
            for (int id = 1; id <= rows; id++) {
                copy.add(maker.make(id));
                if (id % 50_000 == 0) progress.update("generate " + table.getName(), id, rows);
            }
            copy.finish(connection);
        }
        progress.update("generate " + table.getName(), rows, rows);
    }

    static String fullName(int userId) {
        return FIRST[userId % FIRST.length] + " " + LAST[(userId / FIRST.length) % LAST.length];
    }

    private static LocalDateTime time(SplittableRandom r) {
        // 2014-2018, microsecond precision, like Rails' timestamps
        return LocalDateTime.of(2014, 1, 1, 0, 0).plusSeconds(r.nextLong(5L * 365 * 24 * 3600))
                .plusNanos(r.nextInt(1_000_000) * 1000L);
    }

    private UsersRecord user(int id, SplittableRandom r) {
        String first = FIRST[id % FIRST.length];
        String last = LAST[(id / FIRST.length) % LAST.length];
        String email = (first + "." + last + id + "@knights.ucf.edu").toLowerCase().replace("'", "");
        if (id > 10 && id % 97 == 0) {
            email = ("  " + (FIRST[(id - 7) % FIRST.length] + "." + LAST[((id - 7) / FIRST.length) % LAST.length] + (id - 7)
                    + "@knights.ucf.edu").toUpperCase().replace("'", "")); // case (and space) duplicate of user id-7
        }
        String role = id % 211 == 0 ? "Moderator" : ROLES[r.nextInt(ROLES.length)];
        LocalDateTime created = id % 151 == 0 ? null : time(r);
        LocalDateTime updated = id % 303 == 0 ? null : created == null ? time(r) : created.plusDays(r.nextInt(400));
        LocalDateTime signIn = r.nextInt(4) == 0 ? null : time(r);
        return new UsersRecord().setId(id).setFirstName(first).setLastName(last).setRole(role)
                .setPhone(r.nextBoolean() ? "" : "407-555-" + (1000 + r.nextInt(9000)))
                .setFlavor("Creative".equals(role) ? FLAVORS[r.nextInt(3)] : "")
                .setCreatedAt(created).setUpdatedAt(updated).setEmail(email)
                .setEncryptedPassword(id % 13 == 0 ? "" : "$2a$10$" + Long.toHexString(r.nextLong()) + "abcdefghijklmnopqrstuv")
                .setSignInCount(r.nextInt(200)).setCurrentSignInAt(signIn).setLastSignInAt(signIn == null ? null : signIn.minusDays(3))
                .setCurrentSignInIp("10.0.0." + r.nextInt(255)).setLastSignInIp("10.0.0." + r.nextInt(255))
                .setSendEmails(r.nextInt(5) != 0)
                .setDescription(r.nextInt(3) == 0 ? null : "Loves design, café au lait\nand \"quotes\"\t\\ backslashes");
    }

    private OrganizationsRecord organization(int id, SplittableRandom r) {
        LocalDateTime created = time(r);
        return new OrganizationsRecord().setId(id).setName("Student Org " + id + (id % 7 == 0 ? ", Inc." : ""))
                .setCreatedAt(created).setUpdatedAt(created.plusDays(r.nextInt(100)));
    }

    private AssignmentsRecord assignment(int id, int users, int orgs, SplittableRandom r) {
        int user = id % 101 == 0 ? users + 1 + r.nextInt(50) : 1 + r.nextInt(users);        // orphan user
        int org = id % 103 == 0 ? orgs + 1 + r.nextInt(50) : 1 + r.nextInt(orgs);            // orphan org
        if (id > 1 && id % 89 == 0) { // duplicate of the previous assignment, sometimes as advisor
            SplittableRandom previous = new SplittableRandom(seed * 41 + id - 1);
            user = (id - 1) % 101 == 0 ? users + 1 + previous.nextInt(50) : 1 + previous.nextInt(users);
            org = (id - 1) % 103 == 0 ? orgs + 1 + previous.nextInt(50) : 1 + previous.nextInt(orgs);
        }
        LocalDateTime created = time(r);
        return new AssignmentsRecord().setId(id).setUserId(user).setOrganizationId(org)
                .setRole(r.nextInt(6) == 0 ? "Advisor" : "Member").setCreatedAt(created).setUpdatedAt(created);
    }

    private OrdersRecord order(int id, int users, int orgs, SplittableRandom r) {
        Map<String, String> event = new LinkedHashMap<>();
        event.put("time", r.nextBoolean() ? "7pm" : "");
        event.put("location", r.nextBoolean() ? "Student Union, room " + r.nextInt(300) : "");
        event.put("contact", "ext. " + r.nextInt(9999));
        event.put("accomodations", r.nextInt(4) == 0 ? "wheelchair access" : "");
        if (id % 37 == 0) event.put("parking", "lot B");
        Map<String, String> needs = new LinkedHashMap<>();
        for (int k = r.nextInt(4); k > 0; k--) {
            needs.put(FORMATS[r.nextInt(FORMATS.length)], r.nextBoolean() ? "" : "11x17, \"glossy\"");
        }
        Integer[] subs = new Integer[r.nextInt(5)];
        for (int k = 0; k < subs.length; k++) subs[k] = k > 0 && r.nextInt(5) == 0 ? subs[k - 1] : orphanable(users, r, 40);
        String status = STATUSES[r.nextInt(STATUSES.length)];
        LocalDateTime created = id % 211 == 0 ? null : time(r);
        LocalDateTime updated = id % 499 == 0 ? null : created == null ? time(r) : created.plusHours(r.nextInt(2000));
        return new OrdersRecord().setId(id).setName(id % 401 == 0 ? null : "Order " + id + ": Spring Gala")
                .setDue(LocalDate.of(2015, 1, 1).plusDays(r.nextInt(1500)))
                .setDescription("Please make it pop; budget $" + r.nextInt(500))
                .setEvent(Hstore.valueOf(event)).setNeeds(Hstore.valueOf(needs))
                .setStatus(status).setOwnerId(orphanable(users, r, 60)).setOrganizationId(orphanable(orgs, r, 60))
                .setCreativeId(r.nextBoolean() ? null : orphanable(users, r, 60))
                .setCreatedAt(created).setUpdatedAt(updated)
                .setType(id % 997 == 0 ? "PrintOrder" : TYPES[r.nextInt(TYPES.length)])
                .setSubscriptions(subs).setProgress(PROGRESS[r.nextInt(PROGRESS.length)])
                .setStudentApprovalId(r.nextBoolean() ? null : orphanable(users, r, 50))
                .setAdvisorApprovalId(r.nextBoolean() ? null : orphanable(users, r, 50))
                .setFinalOneId(r.nextInt(3) == 0 ? orphanable(users, r, 50) : null)
                .setFinalTwoId(r.nextInt(4) == 0 ? orphanable(users, r, 50) : null)
                .setCompletedAt("Complete".equals(status) && created != null ? created.plusDays(9) : null);
    }

    /** A valid id in 1..max, or about 1 in {@code oneIn} times one that points at nothing. */
    private static int orphanable(int max, SplittableRandom r, int oneIn) {
        return r.nextInt(oneIn) == 0 ? max + 1 + r.nextInt(100) : 1 + r.nextInt(max);
    }

    private CommentsRecord comment(int id, int users, int orders, SplittableRandom r) {
        int order = orphanable(orders, r, 200);
        CommentsRecord c = new CommentsRecord().setId(id).setOrderId(order);
        int kind = r.nextInt(10);
        if (kind < 3) {
            c.setUserId(null).setMessage(systemText(r.nextInt(users) + 1, r));
        } else if (kind == 3 && r.nextInt(10) == 0) {
            c.setUserId(null).setMessage(systemText(r.nextInt(users) + 1, r) + (r.nextBoolean() ? " " : "\n"));
        } else {
            c.setUserId(orphanable(users, r, 150))
                    .setMessage(r.nextInt(25) == 0 ? "" : "Looks great! Can we try a bolder font?\nThanks, — " + id);
        }
        LocalDateTime created = id % 1009 == 0 ? null : time(r);
        c.setCreatedAt(created).setUpdatedAt(id % 2003 == 0 ? null : created == null ? time(r) : created.plusMinutes(r.nextInt(60)));
        if (r.nextInt(50) == 0) {
            int f = r.nextInt(FILES.length);
            c.setAttachmentFileName(FILES[f]).setAttachmentContentType(CONTENT_TYPES[f])
                    .setAttachmentFileSize(attachmentSize(id)).setAttachmentUpdatedAt(created);
            if (r.nextInt(3) == 0 && c.getUserId() != null) c.setMessage("");
        }
        return c;
    }

    /** 1-200 KB, deterministic per comment: the Paperclip tree writer makes files of this size. */
    public static int attachmentSize(int commentId) {
        return 1024 + (int) ((commentId * 2654435761L) % (199 * 1024));
    }

    private static String systemText(int actor, SplittableRandom r) {
        String name = fullName(actor);
        return switch (r.nextInt(7)) {
            case 0 -> name + " claimed this order.";
            case 1 -> name + " unclaimed this order.";
            case 2 -> name + " set the order progress to " + PROGRESS[1 + r.nextInt(PROGRESS.length - 1)] + ".";
            case 3 -> name + " set the order as complete.";
            case 4 -> name + " set the order as incomplete.";
            case 5 -> name + " approved this order.";
            default -> name + " gave initial approval.";
        };
    }

    private NotificationsRecord notification(int id, int users, int orders, SplittableRandom r) {
        boolean aboutOrder = r.nextInt(4) != 0;
        LocalDateTime created = id % 1013 == 0 ? null : time(r);
        return new NotificationsRecord().setId(id).setTitle("Order update").setMessage("Your order changed: " + id)
                .setRead(r.nextBoolean()).setUserId(orphanable(users, r, 120))
                .setNotableId(aboutOrder ? orphanable(orders, r, 100) : null).setNotableType(aboutOrder ? "Order" : "")
                .setLinkController(aboutOrder ? "orders" : "").setLinkAction(aboutOrder && r.nextBoolean() ? "show" : "")
                .setCreatedAt(created).setUpdatedAt(created);
    }
}
