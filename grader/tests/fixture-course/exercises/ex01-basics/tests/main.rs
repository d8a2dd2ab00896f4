mod hidden;

mod behaviour {
    #[lab_harness::graded]
    #[test]
    fn adds() {
        assert_eq!(basics::add(2, 2), 4);
    }

    #[lab_harness::graded]
    #[test]
    fn multiplies() {
        assert_eq!(basics::multiply(3, 4), 12, "3 times 4");
    }

    #[lab_harness::graded]
    #[test]
    fn counts_down() {
        assert_eq!(basics::count_down(3), 0);
    }

    #[lab_harness::graded]
    #[test]
    fn checks_the_input() {
        assert!(basics::check(7));
    }

    #[lab_harness::graded]
    #[test]
    fn leaves_quietly() {
        assert_eq!(basics::finish(), "done");
    }

    #[lab_harness::graded]
    #[test]
    fn recurses() {
        assert_eq!(basics::depth(10), 10);
    }
}
