// Text snapshots of rendered screens (trailing blanks trimmed). To update one, run the
// tests and copy the "actual" text from the failure message here after reviewing it.
enum Snapshots {
    static let all: [String: String] = [
        "conversation-folded": #"""
        Views           │#42 · open · normal · unassigned · Ayşe Yılmaz <ayse@example.c…
         Unassigned    1│Kargom nerede?
         Open          1│
         Pending       0│▶ Ayşe Yılmaz · 2026-11-17 11:06
         Quarantine    0│Merhaba,
         All tickets   1│siparişim gelmedi.
                        │
        Queues          │◀ Ada · 2026-11-17 11:36
         Support       1│Merhaba Ayşe,
                        │kargonuz yolda.
                        │
                        │[… 3 quoted lines]
                        │Ada
                        │
                        │
         TICKET │ All tickets │ #42 │ 2 messages                      ? help  : command
        """#,
        "list-60x16": #"""
         #      STATUS   PRIO   CUSTOMER     SUBJECT             AGE
         #101   new      high   Ayşe Yılmaz  Kargom nerede? Si…   5m
         #102   open     normal Łukasz Żółć  Zwrot towaru – źl…   2h
         #103   pending  normal 山田太郎     注文した商品が届…    1d
         #104   open     low    Åse Ødegård  Bestilling kom ik…   4d
         #105   open     normal bob@example… Where is my refun…   4w









         LIST │ All tickets │ 1/5                 ? help  : command
        """#,
        "list-hostile-subject": #"""
        Views               │ #      STATUS   PRIO   CUSTOMER         SUBJECT                            AGE
         Unassigned        1│ #7     open     normal Mallory�         Refund␛[2J␛]0;pwned␇ now �gnp.ex…   1h
         Open              1│
         Pending           0│
         Quarantine        0│
         All tickets       1│
                            │
        Queues              │
         Support           1│
                            │
                            │
         LIST │ All tickets │ 1/1                                                         ? help  : command
        """#,
        "list-multilingual-100x12-styles": #"""
        BBBBBBBBBBBBBBBBBBBBDBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB
        ....................DRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRR
        ....................D...............................................................................
        ....................D...............................................................................
        ....................D...............................................................................
        RRRRRRRRRRRRRRRRRRRRD...............................................................................
        ....................D...............................................................................
        BBBBBBBBBBBBBBBBBBBBD...............................................................................
        ....................D...............................................................................
        ....................D...............................................................................
        ....................D...............................................................................
        RRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRR
        """#,
        "list-multilingual-100x12": #"""
        Views               │ #      STATUS   PRIO   CUSTOMER         SUBJECT                            AGE
         Unassigned        5│ #101   new      high   Ayşe Yılmaz      Kargom nerede? Sipariş #4411        5m
         Open              4│ #102   open     normal Łukasz Żółć      Zwrot towaru – źle dobrany rozmi…   2h
         Pending           1│ #103   pending  normal 山田太郎         注文した商品が届きません            1d
         Quarantine        0│ #104   open     low    Åse Ødegård      Bestilling kom ikke frem  [vip]     4d
         All tickets       5│ #105   open     normal bob@example.com  Where is my refund?                 4w
                            │
        Queues              │
         Support           5│
                            │
                            │
         LIST │ All tickets │ 1/5                                                         ? help  : command
        """#,
        "conversation-120x40": #"""
        Views                   │#101 · new · high · unassigned · Ayşe Yılmaz
         Unassigned            3│Kargom nerede? Sipariş #4411
         Open                  4│
         Pending               1│▶ Ayşe Yılmaz · 2026-11-17 11:06
         Quarantine            0│Merhaba,
         All tickets           5│siparişim TR-40218 hâlâ gelmedi. 山田さんにも聞きました。
                                │
        Queues                  │◀ Ada · 2026-11-17 11:36
         Support               5│Merhaba Ayşe,
                                │kargonuz yolda; Łódź deposundan çıktı.
                                │
                                │[… 2 quoted lines]
                                │
                                │--
                                │Ada · Nordlys Sport
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
         TICKET │ All tickets │ #101 │ 2 messages                                                             ? help  : command
        """#,
        "conversation-80x24": #"""
        Views           │#101 · new · high · unassigned · Ayşe Yılmaz
         Unassigned    3│Kargom nerede? Sipariş #4411
         Open          4│
         Pending       1│▶ Ayşe Yılmaz · 2026-11-17 11:06
         Quarantine    0│Merhaba,
         All tickets   5│siparişim TR-40218 hâlâ gelmedi. 山田さんにも聞きました。
                        │
        Queues          │◀ Ada · 2026-11-17 11:36
         Support       5│Merhaba Ayşe,
                        │kargonuz yolda; Łódź deposundan çıktı.
                        │
                        │[… 2 quoted lines]
                        │
                        │--
                        │Ada · Nordlys Sport
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
         TICKET │ All tickets │ #101 │ 2 messages                     ? help  : command
        """#,
        "list-120x40": #"""
        Views                   │ #      STATUS   PRIO   SLA    CUSTOMER           SUBJECT                       ASSIGNEE    AGE
         Unassigned            3│ #101   new      high   2h     Ayşe Yılmaz        Kargom nerede? Sipariş #4411               5m
         Open                  4│ #102   open     normal -30m   Łukasz Żółć        Zwrot towaru – źle dobrany r… Ada          2h
         Pending               1│ #103   pending  normal        山田太郎           注文した商品が届きません      Jonas Berg   1d
         Quarantine            0│ #104   open     low    40m    Åse Ødegård        Bestilling kom ikke frem  [v…              4d
         All tickets           5│ #105   open     normal        bob@example.com    Where is my refund?                        4w
                                │
        Queues                  │
         Support               5│
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
         LIST │ All tickets │ 1/5                                                                             ? help  : command
        """#,
        "list-80x24": #"""
        Views           │ #      STATUS   PRIO   CUSTOMER     SUBJECT                AGE
         Unassigned    3│ #101   new      high   Ayşe Yılmaz  Kargom nerede? Sipar…   5m
         Open          4│ #102   open     normal Łukasz Żółć  Zwrot towaru – źle d…   2h
         Pending       1│ #103   pending  normal 山田太郎     注文した商品が届きま…   1d
         Quarantine    0│ #104   open     low    Åse Ødegård  Bestilling kom ikke …   4d
         All tickets   5│ #105   open     normal bob@example… Where is my refund?     4w
                        │
        Queues          │
         Support       5│
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
         LIST │ All tickets │ 1/5                                     ? help  : command
        """#,
        "help-120x40": #"""
        ┌─ Keys — every key runs a command; type :name too ────────────────────────────────────────────────────────────────────┐
        │                                                                                                                      │
        │ j ↓              down             next ticket / scroll down                                                          │
        │ k ↑              up               previous ticket / scroll up                                                        │
        │ g Home           top              first ticket / top of conversation                                                 │
        │ G End            bottom           last ticket / end of conversation                                                  │
        │ Ctrl-d PgDn      page-down        half a page down                                                                   │
        │ Ctrl-u PgUp      page-up          half a page up                                                                     │
        │ Enter →          open             open the selected ticket                                                           │
        │ q ←              back             back to the list (quit from the list)                                              │
        │ J                next-queue       next queue or view                                                                 │
        │ K                prev-queue       previous queue or view                                                             │
        │ z                toggle-quotes    show or fold quoted lines                                                          │
        │ ?                help             show or hide this help                                                             │
        │ Ctrl-c           quit             quit                                                                               │
        │ R                refresh          reload from the database                                                           │
        │ :                command-line     type a command by name (also :search Q, :filter Q, :save-view NAME, :report [week… │
        │ /                search           find tickets in this list (words, from:, tag:, … — see docs/search.md)             │
        │ n                search-next      next ticket that matches the search                                                │
        │ N                search-prev      previous ticket that matches the search                                            │
        │ \                filter           narrow this list to a search (empty to clear)                                      │
        │ s                status           set the status (:status pending)                                                   │
        │ a                assign           assign to an agent (:assign bob, :assign none)                                     │
        │ A                assign-me        assign to me                                                                       │
        │ p                priority         set the priority (:priority high)                                                  │
        │ +                tag              add a tag (:tag refund)                                                            │
        │ -                untag            remove a tag (:untag vip)                                                          │
        │ u                undo             undo my last change to this ticket                                                 │
        │ m                merge            merge this ticket into another (:merge 1042)                                       │
        │ Z                snooze           snooze the ticket (:snooze 2d, :snooze mon 09:00, :snooze off)                     │
        │ Space            mark             mark or unmark the ticket; s a A p + - then change all marked                      │
        │                  clear-marks      clear every mark                                                                   │
        │ }                next-message     next message of the conversation                                                   │
        │ {                prev-message     previous message of the conversation                                               │
        │ w                thread-reasons   show or hide why each message is in the ticket                                     │
        │ S                save-attachments save the message's attachments to ~/Downloads                                      │
        │ o                open-attachment  open an attachment with xdg-open (:open-attachment 2)                              │
        │ (1–35 of 54 · j/k PgDn/PgUp scroll · more below)                                                                     │
        └──────────────────────────────────────────────────────────────────────────────────────────────────────────────────────┘
         LIST │ All tickets │ 1/5                                                                             ? help  : command
        """#,
        "help-80x24": #"""
        ┌─ Keys — every key runs a command; type :name too ────────────────────────────┐
        │                                                                              │
        │ j ↓              down             next ticket / scroll down                  │
        │ k ↑              up               previous ticket / scroll up                │
        │ g Home           top              first ticket / top of conversation         │
        │ G End            bottom           last ticket / end of conversation          │
        │ Ctrl-d PgDn      page-down        half a page down                           │
        │ Ctrl-u PgUp      page-up          half a page up                             │
        │ Enter →          open             open the selected ticket                   │
        │ q ←              back             back to the list (quit from the list)      │
        │ J                next-queue       next queue or view                         │
        │ K                prev-queue       previous queue or view                     │
        │ z                toggle-quotes    show or fold quoted lines                  │
        │ ?                help             show or hide this help                     │
        │ Ctrl-c           quit             quit                                       │
        │ R                refresh          reload from the database                   │
        │ :                command-line     type a command by name (also :search Q, :… │
        │ /                search           find tickets in this list (words, from:, … │
        │ n                search-next      next ticket that matches the search        │
        │ N                search-prev      previous ticket that matches the search    │
        │ \                filter           narrow this list to a search (empty to cl… │
        │ (1–19 of 54 · j/k PgDn/PgUp scroll · more below)                             │
        └──────────────────────────────────────────────────────────────────────────────┘
         LIST │ All tickets │ 1/5                                     ? help  : command
        """#,
    ]
}
