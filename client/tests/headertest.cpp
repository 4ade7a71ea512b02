// headertest.cpp: headertest.c compiled as C++11 (nango.h's extern "C").
#include "headertest.c"
