#define BOOST_TEST_MODULE boost_zmqstream
#include <boost/test/unit_test.hpp>
