# What `cmake --install build --prefix P` puts under P, and the .deb that
# `cpack -G DEB` makes from the same install: the seqgen command, libseqgen.so,
# the public headers, the shipped models, a CMake package and seqgen.pc.
include(CMakePackageConfigHelpers)

install(TARGETS seqgen RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS seqgen_lib EXPORT seqgenTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} NAMELINK_COMPONENT Unspecified)
install(DIRECTORY include/seqgen DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY models/ DESTINATION ${CMAKE_INSTALL_DATADIR}/seqgen/models
  FILES_MATCHING PATTERN "*.safetensors" PATTERN "*.md")
install(FILES LICENSE DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/seqgen)

# find_package(seqgen) → seqgen::seqgen. The dependencies are private to the
# shared library, so the package finds none for its user.
set(SEQGEN_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/seqgen)
install(EXPORT seqgenTargets NAMESPACE seqgen:: FILE seqgenTargets.cmake
  DESTINATION ${SEQGEN_CMAKE_DIR})
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/seqgenConfig.cmake
  "include(\"\${CMAKE_CURRENT_LIST_DIR}/seqgenTargets.cmake\")\n")
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/seqgenConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/seqgenConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/seqgenConfigVersion.cmake DESTINATION ${SEQGEN_CMAKE_DIR})

# pkg-config: paths relative to the .pc file, so the prefix can move.
file(RELATIVE_PATH SEQGEN_PC_TO_PREFIX "/p/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/p")
configure_file(cmake/seqgen.pc.in ${CMAKE_CURRENT_BINARY_DIR}/seqgen.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/seqgen.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# cpack -G DEB (from the build directory): one package, installed under /usr;
# its Debian dependencies come from the linked libraries (dpkg-shlibdeps).
set(CPACK_PACKAGE_NAME seqgen)
set(CPACK_PACKAGE_CONTACT "the seqgen authors")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "handwriting synthesis and sequence generation with LSTMs (Graves 2013)")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
include(CPack)
