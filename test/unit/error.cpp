#include <boost_zmqstream/error.hpp>

#include <boost/test/unit_test.hpp>

#include <sstream>

using namespace boost_zmqstream;

BOOST_AUTO_TEST_SUITE(error_)

BOOST_AUTO_TEST_CASE(library_codes_have_a_category_and_messages)
{
    error_code ec = error::stream_closed;
    BOOST_TEST(ec.category().name() == std::string("boost_zmqstream"));
    BOOST_TEST(ec.message() == "the stream is closed");
    BOOST_TEST(error_code(error::monitor_not_enabled).message().find("enable_monitor") != std::string::npos);
    BOOST_TEST((ec == error::stream_closed));
    BOOST_TEST((ec != error::monitor_not_enabled));
    std::ostringstream os;
    os << error::stream_closed;
    BOOST_TEST(os.str() == "the stream is closed");
}

BOOST_AUTO_TEST_CASE(zmq_codes_use_zmq_strerror_and_map_posix_values)
{
    error_code efsm = make_zmq_error(EFSM);
    BOOST_TEST(efsm.category().name() == std::string("zmq"));
    BOOST_TEST(efsm.message() == zmq_strerror(EFSM));
    error_code inval = make_zmq_error(EINVAL);
    BOOST_TEST((inval == std::errc::invalid_argument));
    BOOST_TEST((make_zmq_error(EHOSTUNREACH) == std::errc::host_unreachable));
    BOOST_TEST((efsm != std::errc::invalid_argument));
}

BOOST_AUTO_TEST_SUITE_END()
